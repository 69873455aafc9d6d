"""Synthetic cases, meetings and PDF reading for the meetings tests (Faker en_GB only).

Cases are inserted directly in the state a test needs (``accepted`` by default), with a
victim Person linked through CasePerson, a referral from a member agency and an incident
with strands, so the documents have everything a real case would give them.
"""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from faker import Faker
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session, select

from riskpanel.models import (
    Action,
    Case,
    CasePerson,
    Incident,
    IncidentStrand,
    Meeting,
    Person,
    Referral,
)
from tests.fixtures import World

fake = Faker("en_GB")
Faker.seed(20261129)


def now() -> datetime:
    return datetime.now(UTC)


# Surnames that also stand in the documents for other reasons (the attendees named by
# tests/meetings/flow.py, "Page N of M"): a victim drawn with one of them would make the
# "no victim name in the PDF" checks fail by coincidence, so make_case never draws them.
WORDS_IN_DOCUMENTS = frozenset({"Hart", "Pryce", "Cole", "Lane", "Bello", "Page", "Chair"})


@dataclass
class MadeCase:
    id: int
    reference: str
    given_name: str
    family_name: str

    @property
    def initials(self) -> str:
        return self.given_name[0] + self.family_name[0]


def make_case(
    engine: Engine,
    world: World,
    *,
    state: str = "accepted",
    risk: str = "high",
    children: bool = False,
    referred_days_ago: float = 30,
    route: str = "high_risk",
    strands: tuple[str, ...] = ("race",),
    narrative: str | None = None,
    last_heard_days_ago: float | None = None,
    referrer: str = "police",
) -> MadeCase:
    referred = now() - timedelta(days=referred_days_ago)
    given, family = fake.first_name(), fake.last_name()
    while family in WORDS_IN_DOCUMENTS:
        family = fake.last_name()
    with Session(engine, expire_on_commit=False) as session:
        person = Person(given_name=given, family_name=family, postcode=fake.postcode())
        session.add(person)
        session.flush()
        case = Case(
            reference=f"HC-T-{uuid.uuid4().hex[:10].upper()}",
            panel_id=world.panel.id or 0,
            victim_person_id=person.id,
            state=state,
            workflow_name="hate_crime_panel",
            workflow_version=1,
            route=route,
            risk_level=risk,
            children_in_household=children,
            strands_confirmed=True,
            last_referral_at=referred,
            opened_at=referred,
            last_hearing_at=(
                None if last_heard_days_ago is None else now() - timedelta(days=last_heard_days_ago)
            ),
        )
        session.add(case)
        session.flush()
        assert case.id is not None
        referral = Referral(
            reference=f"R-{uuid.uuid4().hex[:12]}",
            panel_id=world.panel.id or 0,
            case_id=case.id,
            referring_agency_id=world.agencies[referrer].id,
            victim_person_id=person.id or 0,
            status="accepted",
            received_at=referred,
            narrative=narrative or fake.paragraph(),
            children_in_household=children,
        )
        session.add(referral)
        session.add(CasePerson(case_id=case.id, person_id=person.id, role="victim"))
        session.flush()
        incident = Incident(
            referral_id=referral.id or 0,
            case_id=case.id,
            victim_person_id=person.id or 0,
            kind="crime",
            occurred_on=referred.date(),
            reported_at=referred,
            perceived_by="victim",
        )
        session.add(incident)
        session.flush()
        for strand in strands:
            session.add(IncidentStrand(incident_id=incident.id or 0, strand=strand))
        session.commit()
        return MadeCase(case.id, case.reference, given, family)


def make_action(
    engine: Engine, world: World, *, case_id: int, meeting_id: int, agency: str, due_in_days: int
) -> int:
    with Session(engine, expire_on_commit=False) as session:
        action = Action(
            reference=f"A-T-{uuid.uuid4().hex[:8].upper()}",
            case_id=case_id,
            meeting_id=meeting_id,
            agency_id=world.agencies[agency].id or 0,
            description=fake.sentence(),
            due_on=date.today() + timedelta(days=due_in_days),
        )
        session.add(action)
        session.commit()
        assert action.id is not None
        return action.id


def create_meeting(
    client: TestClient, world: World, *, days_ahead: float = 3, **extra: Any
) -> dict[str, Any]:
    body = {
        "starts_at": (now() + timedelta(days=days_ahead)).isoformat(),
        "venue": "Committee Room 2, Civic Centre",
        "chair_user_id": world.users["chair"].id,
        **extra,
    }
    r = client.post("/api/v1/meetings", json=body, headers=world.headers("coordinator"))
    assert r.status_code == 201, r.text
    return {**r.json(), "etag": r.headers["etag"]}


def hold_meeting(engine: Engine, meeting_id: int, *, hours_ago: float = 1) -> None:
    """Time passes: the meeting has now started (tests cannot wait for the real day)."""
    with Session(engine) as session:
        meeting = session.exec(select(Meeting).where(Meeting.id == meeting_id)).one()
        meeting.starts_at = now() - timedelta(hours=hours_ago)
        meeting.referral_cutoff_at = meeting.starts_at - timedelta(days=10)
        session.add(meeting)
        session.commit()


def etag_of(client: TestClient, world: World, path: str, actor: str = "coordinator") -> str:
    r = client.get(path, headers=world.headers(actor))
    assert r.status_code == 200, r.text
    return r.headers["etag"]


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text with whitespace runs collapsed (lines wrap anywhere)."""
    return [
        re.sub(r"\s+", " ", page.extract_text() or "").strip()
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]
