"""Each refusal is problem+json naming the field as the client sent it; nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from riskpanel.models import Person, Referral
from tests.fixtures import World
from tests.referrals.helpers import fields_of, incident, post_referral, victim, when


def _tomorrow() -> str:
    return (date.today() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (lambda: {"incidents": [incident(strands=[])]}, "incidents[0].strands"),
        (
            lambda: {"incidents": [incident(), incident(strands=["hatred_of_cats"])]},
            "incidents[1].strands[0]",
        ),
        (
            lambda: {"consent": {"victim_aware": True, "victim_consents": False}},
            "consent.sharing_without_consent_reason",
        ),
        (
            lambda: {"consent": {"victim_aware": False, "victim_consents": True}},
            "consent.victim_aware",
        ),
        (lambda: {"incidents": [incident(occurred_on=_tomorrow())]}, "incidents[0].occurred_on"),
        (
            lambda: {"incidents": [incident(reported_at=when(-2).isoformat())]},
            "incidents[0].reported_at",
        ),
        (
            lambda: {"incidents": [incident(online=True, platform=None, handle="@someone")]},
            "incidents[0].platform",
        ),
        (
            lambda: {
                "incidents": [incident(kind="non_crime_hate_incident")],
                "perpetrators": [{"known": True, "given_name": "Kieran", "family_name": "Walsh"}],
            },
            "perpetrators[0].nchi_justification",
        ),
        (
            lambda: {"victim": victim(demographics={"religion": "Muslim"})},
            "victim.special_category_basis",
        ),
        (lambda: {"victim": victim(given=None, family=None)}, "victim.family_name"),
        (lambda: {"narrative": ""}, "narrative"),
        (lambda: {"incidents": []}, "incidents"),
        (lambda: {"surprise": "field"}, "surprise"),
        (lambda: {"victim": victim(nickname="Ami")}, "victim.nickname"),
    ],
)
def test_refusals_name_the_field(
    client: TestClient,
    world: World,
    session: Session,
    overrides: Callable[[], dict[str, Any]],
    field: str,
) -> None:
    """Each case builds its referral when the test runs (its dates read the clock then)."""
    r = post_referral(client, world, **overrides())
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert field in fields_of(r), r.json()
    assert r.json()["type"].endswith("validation-error")
    session.rollback()
    assert session.exec(select(Referral)).all() == []
    assert session.exec(select(Person)).all() == []


def test_all_problems_are_reported_together(client: TestClient, world: World, today: date) -> None:
    r = post_referral(
        client,
        world,
        incidents=[
            incident(strands=[]),
            incident(online=True, occurred_on=(today + timedelta(days=1)).isoformat()),
        ],
        consent={"victim_aware": False, "victim_consents": False},
    )
    assert r.status_code == 422
    assert set(fields_of(r)) >= {
        "incidents[0].strands",
        "incidents[1].occurred_on",
        "incidents[1].platform",
        "consent.sharing_without_consent_reason",
    }


def test_nchi_allowed_with_justification_or_without_personal_data(
    client: TestClient, world: World
) -> None:
    nchi = [incident(kind="non_crime_hate_incident")]
    unknown = post_referral(
        client, world, incidents=nchi, perpetrators=[{"known": False, "is_group": True}]
    )
    assert unknown.status_code == 201
    justified = post_referral(
        client,
        world,
        incidents=nchi,
        perpetrators=[
            {
                "known": True,
                "given_name": "Kieran",
                "family_name": "Walsh",
                "nchi_justification": "Has threatened to burn the family out.",
            }
        ],
    )
    assert justified.status_code == 201
    assert justified.json()["victims_code"]["applies"] is False


def test_sharing_without_consent_with_a_reason_is_accepted(
    client: TestClient, world: World
) -> None:
    r = post_referral(
        client,
        world,
        consent={
            "victim_aware": True,
            "victim_consents": False,
            "sharing_without_consent_reason": "Children at risk of significant harm.",
        },
    )
    assert r.status_code == 201
    assert r.json()["consent"]["victim_consents"] is False


def test_bad_assessment_in_a_referral_names_the_field(client: TestClient, world: World) -> None:
    r = post_referral(
        client,
        world,
        assessment={"answers": [{"question_id": "nope", "answer": "yes", "source": "victim"}]},
    )
    assert r.status_code == 422
    assert fields_of(r) == ["assessment.answers[0].question_id"]
    lower = post_referral(
        client,
        world,
        assessment={
            "answers": [{"question_id": "weapon", "answer": "yes", "source": "police"}],
            "judgement_level": "standard",
            "judgement_reason": "Seems fine",
        },
    )
    assert fields_of(lower) == ["assessment.judgement_level"]
    no_reason = post_referral(client, world, assessment={"judgement_level": "high"})
    assert fields_of(no_reason) == ["assessment.judgement_reason"]


def test_text_with_nul_and_ids_beyond_the_database_are_refused(
    client: TestClient, world: World
) -> None:
    nul = post_referral(client, world, narrative="bad\x00text")
    assert nul.status_code == 422 and "NUL" in nul.json()["detail"]
    huge = client.get("/api/v1/referrals/99999999999", headers=world.headers("coordinator"))
    assert huge.status_code == 422 and fields_of(huge) == ["path.referral_id"]
    old = post_referral(client, world, incidents=[incident(occurred_on="1066-10-14")])
    assert "incidents[0].occurred_on" in fields_of(old)
    cursor = client.get("/api/v1/referrals?cursor=a%20b", headers=world.headers("coordinator"))
    assert fields_of(cursor) == ["query.cursor"]
