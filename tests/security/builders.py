"""Synthetic records built straight from the models (Faker en_GB names, no real people).

The security tests need cases an actor can reach and cases it cannot, and people whose
names act as canaries; building them from the models keeps these tests independent of
the referral and case services, which have tests of their own.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

from faker import Faker
from sqlmodel import Session

from riskpanel.models import (
    Agency,
    Case,
    CasePerson,
    Incident,
    IncidentStrand,
    Panel,
    PanelMembership,
    Person,
    Referral,
    utcnow,
)

fake = Faker("en_GB")
Faker.seed(2026)
_numbers = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_numbers):06d}"


def make_person(session: Session, **fields: Any) -> Person:
    person = Person(
        given_name=fields.pop("given_name", fake.first_name()),
        family_name=fields.pop("family_name", fake.last_name()),
        date_of_birth=fields.pop("date_of_birth", date(1980, 5, 17)),
        address_line=fields.pop("address_line", fake.street_address()),
        postcode=fields.pop("postcode", "LS1 4AB"),
        district=fields.pop("district", "Testshire North"),
        **fields,
    )
    session.add(person)
    session.flush()
    return person


def make_case(
    session: Session,
    *,
    panel_id: int,
    referring_agency_id: int | None,
    victim: Person | None = None,
    narrative: str = "Synthetic narrative.",
    state: str = "accepted",
    closed_at: datetime | None = None,
    opened_at: datetime | None = None,
) -> Case:
    victim = victim or make_person(session)
    opened = opened_at or utcnow() - timedelta(days=10)
    case = Case(
        reference=unique("HC"),
        panel_id=panel_id,
        victim_person_id=victim.id,
        state=state,
        workflow_name="hate_crime_panel",
        workflow_version=1,
        opened_at=opened,
        closed_at=closed_at,
    )
    session.add(case)
    session.flush()
    referral = Referral(
        reference=unique("R"),
        panel_id=panel_id,
        case_id=case.id,
        referring_agency_id=referring_agency_id,
        victim_person_id=victim.id or 0,
        received_at=opened,
        narrative=narrative,
        why_answer="Because of who they are.",
        status="accepted",
    )
    session.add(referral)
    session.add(CasePerson(case_id=case.id or 0, person_id=victim.id, role="victim"))
    session.flush()
    incident = Incident(
        referral_id=referral.id or 0,
        case_id=case.id,
        victim_person_id=victim.id or 0,
        kind="crime",
        occurred_on=opened.date(),
        reported_at=opened,
        district="Testshire North",
        location="outside the shop on the high street",
        perceived_by="victim",
        description=narrative,
    )
    session.add(incident)
    session.flush()
    session.add(IncidentStrand(incident_id=incident.id or 0, strand="race"))
    session.flush()
    return case


def add_party(session: Session, case: Case, person: Person, role: str) -> CasePerson:
    link = CasePerson(case_id=case.id or 0, person_id=person.id, role=role)
    session.add(link)
    session.flush()
    return link


def other_panel(session: Session, agency: Agency) -> Panel:
    """A second partnership the test world's panel roles have nothing to do with."""
    panel = Panel(name=unique("Other Panel"), area="Elsewhere")
    session.add(panel)
    session.flush()
    session.add(PanelMembership(panel_id=panel.id or 0, agency_id=agency.id or 0))
    session.flush()
    return panel
