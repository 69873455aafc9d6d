"""Events about a case, a referral or a person name the case and victim from that row."""

from __future__ import annotations

from sqlmodel import Session, select

from riskpanel.audit.cases import About, record_on
from riskpanel.config import Settings
from riskpanel.models import AuditEvent, Referral
from riskpanel.models.enums import AuditAction
from tests.factories import COORDINATOR, make_case
from tests.fixtures import World


def _named(about: About) -> tuple[object, ...]:
    return (about.subject_type, about.subject_id, about.case_id, about.person_id)


def test_about_names_the_case_and_victim_from_the_row(
    session: Session, settings: Settings, world: World
) -> None:
    case = make_case(session, world, settings)
    referral = session.exec(select(Referral).where(Referral.case_id == case.id)).one()
    victim = case.victim_person_id
    assert _named(About.case(case)) == ("case", case.id, case.id, victim)
    assert _named(About.case(case, "case_history", victim=False)) == (
        "case_history",
        case.id,
        case.id,
        None,
    )
    assert _named(About.case(case, About("research_return", None))) == (
        "research_return",
        None,
        case.id,
        victim,
    )
    assert _named(About.referral(referral)) == ("referral", referral.id, case.id, victim)
    assert _named(About.person(victim)) == ("person", victim, None, victim)
    assert _named(About.person(victim, About("person_match", 5))) == (
        "person_match",
        5,
        None,
        victim,
    )


def test_record_on_writes_one_event_with_those_names(
    session: Session, settings: Settings, world: World
) -> None:
    case = make_case(session, world, settings)
    event_id = record_on(
        session,
        COORDINATOR,
        AuditAction.ALTERATION,
        "case_management",
        About.case(case),
        fields=["state", "state"],
        recipients=["chair"],
        detail={"trigger": "accept"},
    )
    session.commit()
    event = session.exec(select(AuditEvent).where(AuditEvent.id == event_id)).one()
    assert (event.action, event.purpose) == ("alteration", "case_management")
    assert (event.subject_type, event.subject_id) == ("case", str(case.id))
    assert (event.case_id, event.person_id) == (case.id, case.victim_person_id)
    assert (event.fields, event.recipients) == (["state"], ["chair"])
    assert event.detail == {"trigger": "accept"}
    assert event.actor_label == COORDINATOR.label
