"""Repeat detection: the same victim referred again within (or after) 12 months."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from riskpanel.models import Case, Person, Referral
from tests.fixtures import World
from tests.referrals.helpers import (
    age_case,
    audit_events,
    confirm_flags,
    incident,
    post_referral,
    referred_case,
    screen,
    victim,
)

FIRST = victim(given="Małgorzata", family="Kowalska", dob="1990-05-04", postcode="LS6 2AB")
AGAIN = victim(given="Gosia", family="KOWALSKA", dob="1990-05-04", postcode="ls62ab")


def _second_referral(client: TestClient, world: World) -> tuple[dict, dict]:
    """The same victim referred again by housing (name variant); the panel's view of it."""
    r = post_referral(
        client,
        world,
        actor="housing_system",
        victim=AGAIN,
        incidents=[incident(days_ago=2, strands=["race"])],
    )
    assert r.status_code == 201, r.text
    detail = client.get(f"/api/v1/referrals/{r.json()['id']}", headers=world.headers("chair"))
    return r.json(), detail.json()


def _confirm(client: TestClient, world: World, match_id: int) -> None:
    r = client.post(
        f"/api/v1/people/matches/{match_id}/confirm", headers=world.headers("coordinator")
    )
    assert r.status_code == 200, r.text


def _etag(client: TestClient, world: World, case_id: int) -> str:
    return client.get(f"/api/v1/cases/{case_id}", headers=world.headers("coordinator")).headers[
        "ETag"
    ]


def test_repeat_within_twelve_months_reopens_the_monitoring_case(
    client: TestClient, world: World, session: Session
) -> None:
    _, opened = referred_case(client, world, victim=FIRST)
    case_id = opened["case"]["id"]
    age_case(session, case_id, state="monitoring", months_ago=5)
    agency_view, panel_view = _second_referral(client, world)
    assert agency_view["routes"] == []  # the provisional link is for the panel only
    repeat = next(r for r in panel_view["routes"] if r["kind"] == "repeat")
    assert repeat["provisional"] is True and repeat["case_id"] == case_id
    assert opened["case"]["reference"] in repeat["evidence"]
    [match] = panel_view["matches"]
    assert match["status"] == "suggested" and match["score"] >= 0.8
    # attaching before the match is confirmed is refused: no auto-merge
    early = screen(
        client,
        world,
        agency_view["id"],
        "attach",
        case_id=case_id,
        etag=_etag(client, world, case_id),
    )
    assert early.status_code == 409
    _confirm(client, world, match["id"])
    confirm_flags(client, world, agency_view["id"])
    r = screen(
        client,
        world,
        agency_view["id"],
        "attach",
        case_id=case_id,
        etag=_etag(client, world, case_id),
    )
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["fired"] == ["repeat_reopen"]
    assert out["case"]["state"] == "accepted" and out["case"]["route"] == "repeat"
    assert out["case"]["route_evidence"][0]["kind"] == "repeat"
    assert "within 12 months" in out["case"]["route_evidence"][0]["evidence"]
    assert out["referral"]["status"] == "accepted" and out["referral"]["case_id"] == case_id
    session.rollback()
    case = session.get(Case, case_id)
    referral = session.get(Referral, agency_view["id"])
    assert case is not None and referral is not None
    assert case.last_referral_at == referral.received_at
    assert [
        e.action
        for e in audit_events(session, subject_type="referral", subject_id=str(referral.id))
    ][-1] == "combination"


def test_after_twelve_months_it_is_a_new_referral(
    client: TestClient, world: World, session: Session
) -> None:
    _, opened = referred_case(client, world, victim=FIRST)
    case_id = opened["case"]["id"]
    age_case(session, case_id, state="monitoring", months_ago=14)
    agency_view, panel_view = _second_referral(client, world)
    assert not [r for r in panel_view["routes"] if r["kind"] == "repeat"]
    assert any("a new referral, not a repeat" in n for n in panel_view["route_notes"])
    _confirm(client, world, panel_view["matches"][0]["id"])
    late = screen(
        client,
        world,
        agency_view["id"],
        "attach",
        case_id=case_id,
        etag=_etag(client, world, case_id),
    )
    assert late.status_code == 409
    assert late.json()["guard"] == "within_repeat_window"
    fresh = screen(client, world, agency_view["id"], "open_case")
    assert fresh.status_code == 200
    assert fresh.json()["case"]["id"] != case_id
    assert fresh.json()["case"]["state"] == "screening"


def test_repeat_into_an_open_case_just_adds_the_referral(
    client: TestClient, world: World, session: Session
) -> None:
    first, opened = referred_case(client, world, victim=FIRST)
    case_id = opened["case"]["id"]
    agency_view, panel_view = _second_referral(client, world)
    _confirm(client, world, panel_view["matches"][0]["id"])
    r = screen(
        client,
        world,
        agency_view["id"],
        "attach",
        case_id=case_id,
        etag=_etag(client, world, case_id),
    )
    assert r.status_code == 200, r.text
    assert r.json()["fired"] == [] and r.json()["case"]["state"] == "screening"
    assert r.json()["referral"]["status"] == "screening"
    session.rollback()
    merged = session.get(Person, agency_view["victim"]["id"])
    assert merged is not None and merged.merged_into_id == first["victim"]["id"]
    stale = screen(
        client, world, agency_view["id"], "attach", case_id=case_id, etag=f'"case-{case_id}-v1"'
    )
    assert stale.status_code == 409  # already screened into the case
