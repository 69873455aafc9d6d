"""Shared fixtures: the app, a client, and a small synthetic partnership with every role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.agencies.schemas import AgencyCreate
from riskpanel.agencies.service import create_agency
from riskpanel.auth import service as auth
from riskpanel.config import Settings
from riskpanel.main import create_app
from riskpanel.models import Agency, Panel, User
from riskpanel.models.enums import AgencyKind
from riskpanel.panels.schemas import PanelCreate
from riskpanel.panels.service import create_panel


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@dataclass
class World:
    """A panel with member agencies, an outsider agency, and a token for each actor."""

    panel: Panel
    agencies: dict[str, Agency]
    users: dict[str, User]
    tokens: dict[str, str] = field(default_factory=dict)

    def headers(self, actor: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[actor]}", **extra}


AGENCIES = {
    "police": AgencyKind.POLICE,
    "housing": AgencyKind.HOUSING,
    "victim_support": AgencyKind.VICTIM_SUPPORT,
    "childrens": AgencyKind.CHILDRENS_SERVICES,
    "outsider": AgencyKind.HEALTH,  # not a member of the panel
}
PEOPLE = {
    "admin": ("admin", None),
    "coordinator": ("coordinator", None),
    "chair": ("chair", None),
    "police_officer": ("agency", "police"),
    "housing_officer": ("agency", "housing"),
    "outsider_officer": ("agency", "outsider"),
    "scrutiny": ("scrutiny", None),
    "auditor": ("auditor", None),
}


def build_world(session: Session, settings: Settings) -> World:
    agencies = {
        key: create_agency(
            session=session,
            data=AgencyCreate(
                name=f"Test {key.replace('_', ' ').title()}",
                kind=kind,
                isa_signed_on=date(2025, 1, 1),
                isa_expires_on=date(2030, 1, 1),
            ),
        )
        for key, kind in AGENCIES.items()
    }
    members = [a.id for k, a in agencies.items() if k != "outsider" and a.id is not None]
    panel = create_panel(
        session=session,
        data=PanelCreate(name="Test Panel", area="Testshire", member_agency_ids=members),
    )
    world = World(panel=panel, agencies=agencies, users={})
    for key, (role, agency) in PEOPLE.items():
        user = auth.create_user(
            session=session,
            email=f"{key}@example.org",
            display_name=key.replace("_", " ").title(),
            role=role,
            agency_id=agencies[agency].id if agency else None,
            panel_id=panel.id if role in ("coordinator", "chair") else None,
            password="correct horse battery staple",
        )
        world.users[key] = user
        world.tokens[key] = auth.issue_personal_token(
            session=session, user=user, key=settings.secret_key
        )
    for key in ("police", "housing", "outsider"):
        _, token = auth.issue_agency_key(
            session=session,
            agency_id=agencies[key].id or 0,
            key=settings.secret_key,
            name=f"{key} system",
            expires_at=None,
        )
        world.tokens[f"{key}_system"] = token
    session.commit()
    return world


@dataclass(frozen=True)
class WorldIds:
    """What a test needs to find the world again in its copy of the world template."""

    panel: int
    agencies: dict[str, int]
    users: dict[str, int]
    tokens: dict[str, str]

    @classmethod
    def of(cls, world: World) -> WorldIds:
        return cls(
            panel=world.panel.id or 0,
            agencies={key: agency.id or 0 for key, agency in world.agencies.items()},
            users={key: user.id or 0 for key, user in world.users.items()},
            tokens=dict(world.tokens),
        )


def load_world(session: Session, ids: WorldIds) -> World:
    """The world's rows as this test's own objects (three queries, nothing built)."""
    panel = session.get_one(Panel, ids.panel)
    agencies = {
        a.id: a
        for a in session.exec(select(Agency).where(col(Agency.id).in_(ids.agencies.values())))
    }
    users = {
        u.id: u for u in session.exec(select(User).where(col(User.id).in_(ids.users.values())))
    }
    return World(
        panel=panel,
        agencies={key: agencies[i] for key, i in ids.agencies.items()},
        users={key: users[i] for key, i in ids.users.items()},
        tokens=dict(ids.tokens),
    )


@pytest.fixture
def world(engine: Engine, template_database: Any) -> World:
    """The shared world, built once per run into a template database: this test's database
    is a copy of it (tests/conftest.py, `owner_database_url`)."""
    with Session(engine, expire_on_commit=False) as session:
        return load_world(session, template_database.world_ids)
