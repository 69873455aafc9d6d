"""Each route into the panel found at intake, with its evidence."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from riskpanel.models import Panel
from tests.fixtures import World
from tests.referrals.helpers import incident, post_referral

HIGH = [
    {"question_id": q, "answer": "yes", "source": "victim"}
    for q in ("getting_worse", "injured", "threatened_with_harm", "weapon", "home_attacked")
] + [{"question_id": "perpetrator_nearby", "answer": "no", "source": "police"}]


def _kinds(body: dict) -> list[str]:
    return [r["kind"] for r in body["routes"]]


def test_high_risk_on_the_checklist(client: TestClient, world: World) -> None:
    r = post_referral(client, world, assessment={"answers": HIGH})
    assert r.status_code == 201, r.text
    body = r.json()
    assert _kinds(body) == ["high_risk"]
    assert body["routes"][0]["primary"] is True
    assert "checklist level high" in body["routes"][0]["evidence"]
    assert body["primary_route"] == "high_risk"


def test_professional_judgement_raises_with_a_reason(client: TestClient, world: World) -> None:
    answers = [{"question_id": "targeted_before", "answer": "yes", "source": "victim"}]
    r = post_referral(
        client,
        world,
        assessment={
            "answers": answers,
            "judgement_level": "high",
            "judgement_reason": "Perpetrators know where the children go to school.",
        },
    )
    assert r.status_code == 201, r.text
    route = r.json()["routes"][0]
    assert route["kind"] == "professional_judgement"
    assert "children go to school" in route["evidence"]


def test_potential_escalation_three_in_twelve_months(client: TestClient, world: World) -> None:
    three = [incident(days_ago=d) for d in (300, 120, 5)]
    r = post_referral(client, world, incidents=three)
    route = r.json()["routes"][0]
    assert route["kind"] == "escalation"
    assert len(route["dates"]) == 3 and "threshold 3" in route["evidence"]
    two = post_referral(client, world, incidents=[incident(days_ago=d) for d in (400, 120, 5)])
    assert two.json()["routes"] == []
    assert two.json()["primary_route"] is None


def test_panel_thresholds_override_the_workflow(
    client: TestClient, world: World, session: Session
) -> None:
    panel = session.get(Panel, world.panel.id)
    assert panel is not None
    panel.thresholds = {
        "escalation_incidents": 2,
        "community_trigger_enabled": 1,
        "community_trigger_hate_incidents": 1,
    }
    session.add(panel)
    session.commit()
    r = post_referral(client, world, incidents=[incident(days_ago=d) for d in (60, 5)])
    assert _kinds(r.json()) == ["escalation"]
    trigger = post_referral(client, world, community_trigger=True)
    assert _kinds(trigger.json()) == ["community_trigger"]
    assert "hate-related complaint" in trigger.json()["routes"][0]["evidence"]


def test_no_route_without_evidence(client: TestClient, world: World) -> None:
    r = post_referral(client, world)
    assert r.json()["routes"] == [] and r.json()["route_notes"] == []
