"""Synthetic cases and actions for the actions, research and notifications tests.

A case is inserted directly for ``world.panel`` with a victim Person (Faker en_GB) and a
referral from the police, which is what lets the police agency see it. Actions go through
``create_action`` so their timers and notifications are real.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from faker import Faker
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.access.secrets import split_prefix
from riskpanel.actions.service import create_action
from riskpanel.config import Settings
from riskpanel.kit.concurrency import etag
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import (
    Agency,
    AgendaItem,
    ApiCredential,
    Case,
    CasePerson,
    Meeting,
    Person,
    Referral,
    WebhookEndpoint,
)
from tests.fixtures import World

fake = Faker("en_GB")
Faker.seed(20261201)


@dataclass(frozen=True)
class MadeCase:
    id: int
    reference: str
    victim_name: str


@dataclass(frozen=True)
class MadeAction:
    id: int
    reference: str
    case_id: int

    @property
    def etag(self) -> str:
        return etag("action", self.id, 1)


def coordinator(world: World) -> Principal:
    user = world.users["coordinator"]
    return Principal(
        role=Role.COORDINATOR, label=user.display_name, user_id=user.id, panel_id=world.panel.id
    )


def make_case(
    engine: Engine, world: World, *, referrer: str = "police", state: str = "actions_open"
) -> MadeCase:
    given, family = fake.first_name(), fake.last_name()
    with Session(engine, expire_on_commit=False) as session:
        person = Person(
            given_name=given,
            family_name=family,
            postcode=fake.postcode(),
            address_line=fake.street_address(),
        )
        session.add(person)
        session.flush()
        case = Case(
            reference=f"HC-T-{uuid.uuid4().hex[:8].upper()}",
            panel_id=world.panel.id or 0,
            victim_person_id=person.id,
            state=state,
            workflow_name="hate_crime_panel",
            workflow_version=1,
        )
        session.add(case)
        session.flush()
        session.add(CasePerson(case_id=case.id or 0, person_id=person.id, role="victim"))
        session.add(
            Referral(
                reference=f"R-T-{uuid.uuid4().hex[:10]}",
                panel_id=world.panel.id or 0,
                case_id=case.id,
                referring_agency_id=world.agencies[referrer].id,
                victim_person_id=person.id or 0,
                narrative=f"{given} {family} was abused outside the shop.",
            )
        )
        session.commit()
        return MadeCase(case.id or 0, case.reference, f"{given} {family}")


def make_action(
    engine: Engine,
    world: World,
    settings: Settings,
    *,
    case_id: int,
    agency: str = "police",
    due_on: date | None = None,
    description: str | None = None,
    meeting_id: int | None = None,
) -> MadeAction:
    with Session(engine, expire_on_commit=False) as session:
        action = create_action(
            session=session,
            principal=coordinator(world),
            case_id=case_id,
            meeting_id=meeting_id,
            agency_id=world.agencies[agency].id or 0,
            description=description or "Visit the victim and review door security.",
            due_on=due_on or date.today() + timedelta(days=21),
            settings=settings,
        )
        session.commit()
        return MadeAction(action.id or 0, action.reference, case_id)


def make_meeting(engine: Engine, world: World, *, days_ahead: float = 5) -> int:
    starts = datetime.now(UTC) + timedelta(days=days_ahead)
    with Session(engine) as session:
        meeting = Meeting(
            panel_id=world.panel.id or 0,
            starts_at=starts,
            referral_cutoff_at=starts - timedelta(days=10),
        )
        session.add(meeting)
        session.commit()
        return meeting.id or 0


def list_at_meeting(engine: Engine, *, case_id: int, meeting_id: int) -> None:
    with Session(engine) as session:
        session.add(
            AgendaItem(
                meeting_id=meeting_id, section="new_case", case_id=case_id, position=1, title="x"
            )
        )
        session.commit()


def update_agency(engine: Engine, world: World, name: str, **fields: object) -> None:
    """Change the agency's columns; ``webhook_url`` (with ``webhook_secret``) replaces its
    webhook endpoints with one at that URL (None: none)."""
    url, secret = fields.pop("webhook_url", False), fields.pop("webhook_secret", None)
    with Session(engine) as session:
        agency = session.get(Agency, world.agencies[name].id)
        assert agency is not None
        for key, value in fields.items():
            setattr(agency, key, value)
        session.add(agency)
        if url is not False:
            set_endpoint(session, agency.id or 0, url, secret)
        session.commit()


def set_endpoint(session: Session, agency_id: int, url: object, secret: object) -> None:
    """The agency's one enabled webhook endpoint (disabling the others)."""
    for old in session.exec(
        select(WebhookEndpoint).where(col(WebhookEndpoint.agency_id) == agency_id)
    ).all():
        old.disabled_at = old.disabled_at or datetime.now(UTC)
        session.add(old)
    if url is not None:
        session.add(
            WebhookEndpoint(agency_id=agency_id, url=str(url), secret=str(secret or "s" * 32))
        )


def expire_key(engine: Engine, world: World, actor: str, *, revoke: bool) -> None:
    """Revoke or expire an agency system's key directly on its credential row."""
    prefix = split_prefix(world.tokens[actor])
    past = datetime.now(UTC) - timedelta(minutes=1)
    with Session(engine) as session:
        cred = session.exec(select(ApiCredential).where(ApiCredential.prefix == prefix)).one()
        if revoke:
            cred.revoked_at = past
        else:
            cred.expires_at = past
        session.add(cred)
        session.commit()
