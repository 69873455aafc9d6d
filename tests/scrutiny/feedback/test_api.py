"""The feedback loop: members rate and comment, the coordinator answers once, it is reported."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from riskpanel.models import ScrutinyFeedback
from tests.fixtures import World
from tests.scrutiny import flow
from tests.scrutiny.factories import ScrutinyFactory

BASE = flow.BASE


@pytest.fixture
def pack(session: Session, world: World, client: TestClient) -> dict[str, Any]:
    factory = ScrutinyFactory(session, world, seed=31)
    for _ in range(4):
        factory.closed_case(strands=("disability",), district="Southbank", age=45, sex="female")
    return flow.released_pack(client, world, k=3)


def test_feedback_loop(
    client: TestClient, world: World, pack: dict[str, Any], session: Session
) -> None:
    member, coordinator = world.headers("scrutiny"), world.headers("coordinator")
    summaries = [s for s in pack["summaries"] if not s["withheld"]]
    assert len(summaries) >= 2
    given = []
    for s, rating in zip(summaries, ["red", "green"], strict=False):
        r = client.post(
            f"{BASE}/summaries/{s['id']}/feedback",
            json={"rating": rating, "comment": "Why no housing move?"},
            headers=member,
        )
        assert r.status_code == 201, r.text
        out = r.json()
        assert out["answered"] is False and out["source_case_id"] is None and out["member"] is None
        given.append(out)
    bad = client.post(
        f"{BASE}/summaries/{summaries[0]['id']}/feedback", json={"rating": "blue"}, headers=member
    )
    assert bad.status_code == 422

    panel_view = client.get(f"{BASE}/feedback?answered=false", headers=coordinator).json()["items"]
    assert {f["id"] for f in panel_view} == {g["id"] for g in given}
    assert all(f["source_case_id"] and f["member"] == "Scrutiny" for f in panel_view)

    # An answer given a day later (time is moved, tests cannot wait).
    row = session.get(ScrutinyFeedback, given[0]["id"])
    assert row is not None
    row.created_at -= timedelta(hours=24)
    session.add(row)
    session.commit()
    url = f"{BASE}/feedback/{given[0]['id']}/response"
    r = client.post(
        url, json={"response": "The move was refused; see action 2."}, headers=coordinator
    )
    assert r.status_code == 200 and r.json()["answered"]
    assert client.post(url, json={"response": "again"}, headers=coordinator).status_code == 409
    assert (
        client.post(url, json={"response": "x"}, headers=world.headers("chair")).status_code == 403
    )

    mine = client.get(f"{BASE}/feedback", headers=member).json()["items"]
    answered = next(f for f in mine if f["id"] == given[0]["id"])
    assert answered["response"].startswith("The move") and answered["source_case_id"] is None

    report = client.get(f"{BASE}/packs/{pack['id']}/feedback-report", headers=member).json()
    assert report["total"] == 2 and report["answered"] == 1 and report["unanswered"] == 1
    assert report["by_rating"] == {"red": 1, "amber": 0, "green": 1}
    assert 23.9 <= report["median_hours_to_answer"] <= 24.1
    assert report["oldest_unanswered_hours"] is not None


def test_feedback_only_on_released_visible_summaries(
    client: TestClient, world: World, pack: dict[str, Any]
) -> None:
    member = world.headers("scrutiny")
    draft = flow.create_pack(client, world)
    sid = draft["summaries"][0]["id"]
    r = client.post(f"{BASE}/summaries/{sid}/feedback", json={"rating": "amber"}, headers=member)
    assert r.status_code == 404
    withheld = [s for s in pack["summaries"] if s["withheld"]]
    for s in withheld:
        r = client.post(
            f"{BASE}/summaries/{s['id']}/feedback", json={"rating": "amber"}, headers=member
        )
        assert r.status_code == 404
    released_id = next(s["id"] for s in pack["summaries"] if not s["withheld"])
    r = client.post(
        f"{BASE}/summaries/{released_id}/feedback",
        json={"rating": "amber"},
        headers=world.headers("coordinator"),
    )
    assert r.status_code == 403
