"""Risk assessments on a case: answers with sources, raise-only judgement, history kept."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from riskpanel.assessments.projections import version_label, version_number
from riskpanel.models import Case, RiskAnswer
from tests.fixtures import World
from tests.referrals.helpers import audit_events, fields_of, referred_case

MEDIUM = [
    {"question_id": "injured", "answer": "yes", "source": "victim"},
    {"question_id": "isolated", "answer": "no", "source": "agency_record"},
]
HIGH = [
    {"question_id": q, "answer": "yes", "source": "police"}
    for q in ("getting_worse", "injured", "weapon", "home_attacked")
]


def _assess(
    client: TestClient, world: World, case_id: int, actor: str = "coordinator", **body: Any
) -> Any:
    return client.post(
        f"/api/v1/cases/{case_id}/assessments", json=body, headers=world.headers(actor)
    )


def test_reassessments_keep_history_and_update_the_case(
    client: TestClient, world: World, session: Session
) -> None:
    _, opened = referred_case(client, world)
    case_id = opened["case"]["id"]
    first = _assess(client, world, case_id, answers=MEDIUM)
    assert first.status_code == 201, first.text
    out = first.json()
    assert out["assessment"]["level"] == "medium" and out["case_risk_score"] == 2
    assert out["assessment"]["checklist_version"] == "2026.1"
    assert out["routes"] == []
    second = _assess(client, world, case_id, answers=HIGH).json()
    assert second["case_risk_level"] == "high"
    assert [r["kind"] for r in second["routes"]] == ["high_risk"]
    history = client.get(
        f"/api/v1/cases/{case_id}/assessments", headers=world.headers("chair")
    ).json()
    assert [a["level"] for a in history["items"]] == ["medium", "high"]
    assert history["current_level"] == "high"
    assert history["items"][0]["answers"][0] == {
        "question_id": "injured",
        "answer": "yes",
        "source": "victim",
    }
    session.rollback()
    case = session.get(Case, case_id)
    assert case is not None and case.risk_score == second["case_risk_score"]
    assert len(session.exec(select(RiskAnswer)).all()) == 6
    kinds = {(e.subject_type, e.action) for e in audit_events(session)}
    assert {("risk_assessment", "collection"), ("risk_assessments", "consultation")} <= kinds
    changed = [
        e
        for e in audit_events(session, subject_type="case", action="alteration")
        if "risk_level" in e.fields
    ]
    assert len(changed) == 2


def test_professional_judgement_raises_never_lowers(client: TestClient, world: World) -> None:
    _, opened = referred_case(client, world)
    case_id = opened["case"]["id"]
    raised = _assess(
        client,
        world,
        case_id,
        answers=MEDIUM,
        judgement_level="high",
        judgement_reason="Perpetrator has a history of arson.",
    )
    body = raised.json()
    assert body["assessment"]["actuarial_level"] == "medium"
    assert body["assessment"]["level"] == "high"
    assert "professional_judgement" in [r["kind"] for r in body["routes"]]
    lower = _assess(
        client,
        world,
        case_id,
        answers=HIGH,
        judgement_level="medium",
        judgement_reason="Feels lower",
    )
    assert fields_of(lower) == ["judgement_level"]
    no_reason = _assess(client, world, case_id, answers=MEDIUM, judgement_level="high")
    assert fields_of(no_reason) == ["judgement_reason"]
    bad = _assess(
        client,
        world,
        case_id,
        answers=[
            {"question_id": "injured", "answer": "yes", "source": "gossip"},
            {"question_id": "injured", "answer": "no", "source": "victim"},
        ],
    )
    assert fields_of(bad) == ["answers[0].source", "answers[1].question_id"]
    odd = _assess(
        client,
        world,
        case_id,
        answers=[{"question_id": "injured", "answer": "maybe", "source": "victim"}],
    )
    assert fields_of(odd) == ["answers.0.answer"]


def test_who_may_assess_and_read(client: TestClient, world: World) -> None:
    _, opened = referred_case(client, world)
    case_id = opened["case"]["id"]
    assert _assess(client, world, case_id, "police_system", answers=MEDIUM).status_code == 201
    assert _assess(client, world, case_id, "outsider_officer", answers=MEDIUM).status_code == 404
    assert _assess(client, world, case_id, "scrutiny", answers=MEDIUM).status_code == 403
    url = f"/api/v1/cases/{case_id}/assessments"
    assert client.get(url, headers=world.headers("police_officer")).status_code == 403
    assert client.get(url, headers=world.headers("coordinator")).status_code == 200


def test_checklist_versions_round_trip() -> None:
    assert version_number("2026.1") == 20260001
    assert version_label(20260001) == "2026.1"
    assert version_number("2027") == 20270000
    assert version_number("spring-edition") != version_number("autumn-edition")
    assert version_label(version_number("spring-edition")).startswith("#")


def test_assessment_answers_stored_by_source(
    client: TestClient, world: World, session: Session
) -> None:
    _, opened = referred_case(client, world)
    _assess(client, world, opened["case"]["id"], answers=MEDIUM)
    session.rollback()
    rows = session.exec(select(RiskAnswer).order_by(col(RiskAnswer.id))).all()
    assert [(r.question_id, r.answer, r.source) for r in rows] == [
        ("injured", "yes", "victim"),
        ("isolated", "no", "agency_record"),
    ]
