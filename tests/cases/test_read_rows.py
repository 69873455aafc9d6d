"""The case read from plain rows (`repository.case_rows`, `projections.case_detail`): every
part of a full case reaches the API as the role may see it, the API answers with exactly the
view the service gives the case page, and each read leaves the same access-log row."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from riskpanel.access.credentials import authenticate_bearer
from riskpanel.cases import service
from riskpanel.config import Settings
from riskpanel.kit.caller import Caller
from riskpanel.models import (
    AuditEvent,
    Case,
    CasePerson,
    Incident,
    IncidentStrand,
    Referral,
    RiskAssessment,
    utcnow,
)
from tests.factories import make_case, make_victim, refresh_view
from tests.fixtures import World


def _full_case(session: Session, world: World, settings: Settings) -> Case:
    """A case with parties (one a group with no person), two incidents (one with two
    strands, one with none) and two assessments (a decision and an agency's view)."""
    case = make_case(session, world, settings, state="accepted")
    referral = session.exec(select(Referral).where(Referral.case_id == case.id)).one()
    suspect = make_victim(session, given_name="Sid", family_name="Suspect")
    session.add(CasePerson(case_id=case.id or 0, person_id=suspect.id, role="suspect"))
    session.add(
        CasePerson(
            case_id=case.id or 0, role="suspect", known=False, is_group=True,
            group_description="Youths near the shop", lives_nearby=True,
        )
    )  # fmt: skip
    now = utcnow()
    for days, strands in ((9, ["religion", "race"]), (2, [])):
        incident = Incident(
            referral_id=referral.id or 0, case_id=case.id, kind="crime",
            victim_person_id=referral.victim_person_id,
            occurred_on=date.today() - timedelta(days=days),
            reported_at=now - timedelta(days=days), perceived_by="victim", online=bool(strands),
            platform="Forum" if strands else None,
        )  # fmt: skip
        session.add(incident)
        session.flush()
        for strand in strands:
            session.add(IncidentStrand(incident_id=incident.id or 0, strand=strand))
    for standing, agency in (("decision", None), ("agency_view", world.agencies["housing"].id)):
        session.add(
            RiskAssessment(
                case_id=case.id, checklist_name="synthetic", checklist_version=1, score=12,
                actuarial_level="medium", level="high", judgement_reason="Synthetic reason.",
                standing=standing, agency_id=agency,
            )
        )  # fmt: skip
    session.commit()
    return case


@pytest.mark.parametrize("actor", ["coordinator", "police_system"])
def test_the_api_read_is_the_service_read(
    client: TestClient, world: World, session: Session, settings: Settings, actor: str
) -> None:
    case = _full_case(session, world, settings)
    r = client.get(f"/api/v1/cases/{case.id}", headers=world.headers(actor))
    assert r.status_code == 200, r.text
    assert r.headers["etag"] == f'"case-{case.id}-v{case.row_version}"'
    body = r.json()
    assert [p["person"] and p["person"]["family_name"] for p in body["parties"]] == [
        "Suspect",
        None,
    ]
    assert [[s["strand"] for s in i["strands"]] for i in body["incidents"]] == [
        ["race", "religion"],
        [],
    ]
    assert body["narrative"] == "Synthetic narrative."
    if actor == "coordinator":
        assert [a["view_of"] for a in body["assessments"]] == [None, "Test Housing's view"]
        assert body["why_answer"] == "Because of who I am."
        assert body["victim_full"]["consent_status"] == "given"
        assert [h["to_state"] for h in body["history"]]
    else:
        assert "assessments" not in body and "victim_full" not in body
    refresh_view(session)
    principal = authenticate_bearer(
        session=session, token=world.tokens[actor], key=settings.secret_key
    )
    caller = Caller(principal=principal, settings=settings)
    _, view = service.get_case(session=session, caller=caller, case_id=case.id or 0)
    session.commit()
    assert view.model_dump_json(by_alias=True).encode() == r.content
    events = session.exec(
        select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(col(AuditEvent.id))
    ).all()
    api_event, service_event = events[-2:]
    same = ("action", "purpose", "actor_credential_id", "actor_role", "subject_type")
    for name in (*same, "subject_id", "person_id", "fields", "recipients", "detail"):
        assert getattr(api_event, name) == getattr(service_event, name), name
    assert api_event.fields and api_event.subject_id == str(case.id)


def test_a_case_without_parties_or_incidents_reads(
    client: TestClient, world: World, session: Session, settings: Settings
) -> None:
    case = make_case(session, world, settings, state="accepted")
    for party in session.exec(select(CasePerson).where(CasePerson.case_id == case.id)).all():
        session.delete(party)
    session.commit()
    body = client.get(f"/api/v1/cases/{case.id}", headers=world.headers("chair")).json()
    assert body["victim"] is None and body["victim_full"] is None and body["parties"] == []
    assert body["incidents"] == [] and body["narrative"] == "Synthetic narrative."
