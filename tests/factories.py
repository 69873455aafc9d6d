"""Synthetic records for tests (Faker en_GB): a victim, a referral and a case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from faker import Faker
from sqlmodel import Session

from riskpanel.cases.transitions.service import open_case
from riskpanel.config import Settings
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import Case, Person, Referral, utcnow
from riskpanel.workflow.registry import get_workflows
from tests.fixtures import World

fake = Faker("en_GB")
Faker.seed(4321)
COORDINATOR = Principal(role=Role.COORDINATOR, label="Test coordinator", user_id=None)


def make_victim(session: Session, **overrides: Any) -> Person:
    person = Person(
        given_name=overrides.pop("given_name", fake.first_name()),
        family_name=overrides.pop("family_name", fake.last_name()),
        date_of_birth=overrides.pop("date_of_birth", fake.date_of_birth(minimum_age=18)),
        address_line=overrides.pop("address_line", fake.street_address()),
        postcode=overrides.pop("postcode", fake.postcode()),
        district=overrides.pop("district", "Testshire North"),
        consent_status="given",
        lawful_basis="consent",
        **overrides,
    )
    session.add(person)
    session.flush()
    return person


def make_case(
    session: Session,
    world: World,
    settings: Settings,
    *,
    state: str | None = None,
    referring_agency: str = "police",
    routes: tuple[str, ...] = ("high_risk",),
    strands_confirmed: bool = True,
    consents: bool = True,
    children: bool = False,
    referred_days_ago: int = 3,
    narrative: str = "Synthetic narrative.",
    victim: Person | None = None,
) -> Case:
    victim = victim or make_victim(session)
    received = utcnow() - timedelta(days=referred_days_ago)
    referral = Referral(
        reference=f"R-{fake.unique.random_int(100000, 999999)}",
        panel_id=world.panel.id or 0,
        referring_agency_id=world.agencies[referring_agency].id,
        victim_person_id=victim.id or 0,
        received_at=received,
        narrative=narrative,
        why_answer="Because of who I am.",
        children_in_household=children,
        victim_aware=True,
        victim_consents=consents,
    )
    session.add(referral)
    session.flush()
    case = open_case(
        session=session, principal=COORDINATOR, referral=referral, workflows=get_workflows(settings)
    )
    case.route_evidence = [{"kind": r, "evidence": f"synthetic {r}"} for r in routes]
    case.strands_confirmed = strands_confirmed
    if state is not None:
        case.state = state
    session.add(case)
    session.commit()
    return case


def refresh_view(session: Session) -> None:
    """See what other connections committed: end the read snapshot and forget loaded rows."""
    session.rollback()
    session.expire_all()
