"""An agency's assessment is its view, for the panel to weigh: it never sets the case's level.

The case's level, score and routes are the panel's decision (coordinator or chair). An agency
that assesses a case it can see gets back only that its view was recorded, never the case's
score, level or routes (which it is refused on GET).
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from riskpanel.models import Case, RiskAssessment
from tests.fixtures import World
from tests.referrals.helpers import referred_case

HIGH = [
    {"question_id": q, "answer": "yes", "source": "police"}
    for q in ("getting_worse", "injured", "weapon", "home_attacked")
]
LOW = [{"question_id": "injured", "answer": "no", "source": "agency_record"}]


def _assess(client: TestClient, world: World, case_id: int, actor: str, **body: Any) -> Any:
    return client.post(
        f"/api/v1/cases/{case_id}/assessments", json=body, headers=world.headers(actor)
    )


def _high_risk_case(client: TestClient, world: World) -> int:
    _, opened = referred_case(client, world)
    case_id = int(opened["case"]["id"])
    decided = _assess(client, world, case_id, "coordinator", answers=HIGH)
    assert decided.status_code == 201, decided.text
    assert decided.json()["case_risk_level"] == "high"
    return case_id


def test_an_agency_assessment_never_lowers_the_case(
    client: TestClient, world: World, session: Session
) -> None:
    case_id = _high_risk_case(client, world)
    session.rollback()
    before = session.get(Case, case_id)
    assert before is not None
    level, score, routes, version = (
        before.risk_level,
        before.risk_score,
        before.route_evidence,
        before.row_version,
    )
    for actor in ("police_system", "police_officer"):
        reply = _assess(client, world, case_id, actor, answers=LOW)
        assert reply.status_code == 201, reply.text
        body = reply.json()
        assert body["standing"] == "agency_view"
        assert set(body) == {"id", "case_id", "standing", "recorded_at", "message"}
        assert "ETag" not in reply.headers
    session.rollback()
    after = session.get(Case, case_id)
    assert after is not None
    assert (after.risk_level, after.risk_score, after.route_evidence, after.row_version) == (
        level,
        score,
        routes,
        version,
    )
    rows = session.exec(
        select(RiskAssessment)
        .where(col(RiskAssessment.case_id) == case_id)
        .order_by(col(RiskAssessment.id))
    ).all()
    assert [r.standing for r in rows][-2:] == ["agency_view", "agency_view"]
    assert rows[-1].agency_id == world.agencies["police"].id


def test_the_panel_sees_each_agency_view_labelled(client: TestClient, world: World) -> None:
    case_id = _high_risk_case(client, world)
    assert _assess(client, world, case_id, "police_officer", answers=LOW).status_code == 201
    history = client.get(
        f"/api/v1/cases/{case_id}/assessments", headers=world.headers("coordinator")
    ).json()
    assert history["current_level"] == "high"
    decision, view = history["items"][-2:]
    assert decision["standing"] == "decision" and decision["view_of"] is None
    assert view["standing"] == "agency_view"
    assert view["view_of"] == "Test Police's view"
    assert view["agency_id"] == world.agencies["police"].id
    detail = client.get(f"/api/v1/cases/{case_id}", headers=world.headers("chair")).json()
    assert [a["standing"] for a in detail["assessments"]][-1] == "agency_view"
    assert detail["assessments"][-1]["view_of"] == "Test Police's view"
    assert detail["risk_level"] == "high"


def test_a_later_agency_view_does_not_drive_the_routes(client: TestClient, world: World) -> None:
    """Routes follow the panel's latest decision, not an agency's later view."""
    case_id = _high_risk_case(client, world)
    _assess(client, world, case_id, "police_officer", answers=LOW)
    again = _assess(client, world, case_id, "chair", answers=HIGH)
    assert again.status_code == 201, again.text
    assert [r["kind"] for r in again.json()["routes"]] == ["high_risk"]


def test_the_panel_may_lower_and_judgement_still_needs_a_reason(
    client: TestClient, world: World
) -> None:
    case_id = _high_risk_case(client, world)
    lowered = _assess(client, world, case_id, "chair", answers=LOW)
    assert lowered.status_code == 201 and lowered.json()["case_risk_level"] == "standard"
    no_reason = _assess(client, world, case_id, "coordinator", answers=LOW, judgement_level="high")
    assert no_reason.status_code == 422
    assert [e["field"] for e in no_reason.json()["errors"]] == ["judgement_reason"]
    agency_no_reason = _assess(
        client, world, case_id, "police_officer", answers=LOW, judgement_level="high"
    )
    assert agency_no_reason.status_code == 422
