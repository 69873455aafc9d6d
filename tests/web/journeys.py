"""Form data for the web journeys, shared by the page tests and the browser tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

NARRATIVE = (
    "Eggs were thrown at her front door and a note called her a terrorist because she "
    "wears a hijab. Neighbours shouted abuse about the mosque she attends."
)


def date_fields(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}.day": str(day.day),
        f"{name}.month": str(day.month),
        f"{name}.year": str(day.year),
    }


def referral_form(**extra: Any) -> dict[str, Any]:
    today = date.today()
    return {
        "victim.given_name": "Amira",
        "victim.family_name": "Haddad",
        "victim.lawful_basis": "consent",
        "victim.contact.safe_to_contact": "yes",
        "incidents[0].kind": "crime",
        **date_fields("incidents[0].occurred_on", today - timedelta(days=3)),
        **date_fields("incidents[0].reported_at", today - timedelta(days=2)),
        "incidents[0].strands": ["religion"],
        "incidents[0].perceived_by": "victim",
        "narrative": NARRATIVE,
        "why_answer": "Because I wear a headscarf.",
        "consent.victim_aware": "yes",
        "consent.victim_consents": "yes",
        "assessment.getting_worse": "yes",
        "assessment.getting_worse.source": "victim",
        "assessment.home_attacked": "yes",
        "assessment.home_attacked.source": "police",
        "assessment.threatened_with_harm": "yes",
        "assessment.threatened_with_harm.source": "victim",
        "assessment.judgement_level": "high",
        "assessment.judgement_reason": "Attacks on the home are escalating.",
        **extra,
    }


def released_pack(session: Any, world: Any, client: Any) -> tuple[dict[str, Any], Any]:
    """Four alike closed cases, and a pack of them released with k=3 (as the scrutiny tests)."""
    from tests.scrutiny import flow
    from tests.scrutiny.factories import ScrutinyFactory

    factory = ScrutinyFactory(session, world, seed=31)
    for _ in range(4):
        factory.closed_case(strands=("disability",), district="Southbank", age=45, sex="female")
    return flow.released_pack(client, world, k=3), factory


def plan_meeting(coordinator: Any, days: int = 7) -> int:
    """Plan a meeting through the page, as the coordinator does; its id."""
    r = coordinator.post(
        "/meetings/new",
        {
            **date_fields("starts_at", date.today() + timedelta(days=days)),
            "starts_time": "10:00",
            "venue": "Civic Centre",
        },
    )
    assert r.status_code == 303, r.text
    return int(r.headers["location"].split("?")[0].rsplit("/", 1)[1])
