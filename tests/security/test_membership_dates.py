"""Panel membership has dates, and access follows them.

An agency sees a case listed at its panel's meetings only while its membership is in force:
not before it starts, and not from the day it ends (lists and single reads alike). Admins
manage the dates through the API; every change is in the access log.
"""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import AuditEvent, PanelMembership
from tests.fixtures import World
from tests.meetings.flow import held_meeting_with_cases


def _membership(engine: Engine, world: World, agency: str) -> PanelMembership:
    with Session(engine) as session:
        return session.exec(
            select(PanelMembership).where(
                col(PanelMembership.panel_id) == world.panel.id,
                col(PanelMembership.agency_id) == world.agencies[agency].id,
            )
        ).one()


def _set_dates(
    engine: Engine, world: World, agency: str, joined: date | None, left: date | None
) -> None:
    row = _membership(engine, world, agency)
    with Session(engine) as session:
        row.joined_on, row.left_on = joined, left
        session.add(row)
        session.commit()


def _sees(client: TestClient, world: World, actor: str, case_id: int) -> tuple[int, bool]:
    one = client.get(f"/api/v1/cases/{case_id}", headers=world.headers(actor))
    listed = client.get("/api/v1/cases", headers=world.headers(actor)).json()["items"]
    return one.status_code, case_id in [c["id"] for c in listed]


def test_access_through_listing_follows_membership_dates(
    client: TestClient, world: World, engine: Engine, today: date
) -> None:
    _, (case,) = held_meeting_with_cases(client, world, engine, {})
    assert _sees(client, world, "housing_officer", case.id) == (200, True)
    for joined, left, seen in (
        (date(2025, 1, 1), today + timedelta(days=1), True),  # leaves tomorrow
        (date(2025, 1, 1), today, False),  # left today
        (date(2025, 1, 1), today - timedelta(days=10), False),
        (today + timedelta(days=1), None, False),  # not started
        (today, None, True),
    ):
        _set_dates(engine, world, "housing", joined, left)
        want = (200, True) if seen else (404, False)
        assert _sees(client, world, "housing_officer", case.id) == want, (joined, left)
        assert _sees(client, world, "housing_system", case.id) == want, (joined, left)


def _members_url(world: World) -> str:
    return f"/api/v1/panels/{world.panel.id}/members"


def test_admin_ends_a_membership_and_access_ends_with_it(
    client: TestClient, world: World, engine: Engine, today: date
) -> None:
    _, (case,) = held_meeting_with_cases(client, world, engine, {})
    admin, housing = world.headers("admin"), world.agencies["housing"].id
    listed = client.get(_members_url(world), headers=admin)
    assert listed.status_code == 200, listed.text
    names = {m["agency_name"]: m for m in listed.json()["items"]}
    assert names["Test Housing"]["in_force"] is True and "Test Outsider" not in names
    ended = client.patch(
        f"{_members_url(world)}/{housing}", json={"left_on": today.isoformat()}, headers=admin
    )
    assert ended.status_code == 200, ended.text
    assert ended.json()["left_on"] == today.isoformat() and ended.json()["in_force"] is False
    assert _sees(client, world, "housing_officer", case.id) == (404, False)
    again = client.post(_members_url(world), json={"agency_id": housing}, headers=admin)
    assert again.status_code == 201, again.text
    assert again.json()["joined_on"] == today.isoformat() and again.json()["left_on"] is None
    assert _sees(client, world, "housing_officer", case.id) == (200, True)
    with Session(engine) as session:
        changes = session.exec(
            select(AuditEvent).where(col(AuditEvent.subject_type) == "panel_membership")
        ).all()
    assert [e.detail["change"] for e in changes] == ["dates_changed", "rejoined"]


def test_membership_input_is_checked(client: TestClient, world: World, today: date) -> None:
    admin, url = world.headers("admin"), _members_url(world)
    outsider, police = world.agencies["outsider"].id, world.agencies["police"].id
    member = client.post(url, json={"agency_id": police}, headers=admin)
    assert member.status_code == 409
    unknown = client.post(url, json={"agency_id": 999999}, headers=admin)
    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.json()["errors"]] == ["agency_id"]
    backwards = client.post(
        url,
        json={"agency_id": outsider, "joined_on": "2026-05-01", "left_on": "2026-04-01"},
        headers=admin,
    )
    assert backwards.status_code == 422
    assert [e["field"] for e in backwards.json()["errors"]] == ["left_on"]
    assert (
        client.patch(f"{url}/{outsider}", json={"left_on": None}, headers=admin).status_code == 404
    )
    assert client.get("/api/v1/panels/999999/members", headers=admin).status_code == 404
    for actor in ("coordinator", "chair", "police_officer", "police_system"):
        assert client.get(url, headers=world.headers(actor)).status_code == 403
        refused = client.post(url, json={"agency_id": outsider}, headers=world.headers(actor))
        assert refused.status_code == 403
    joined = client.post(
        url, json={"agency_id": outsider, "joined_on": today.isoformat()}, headers=admin
    )
    assert joined.status_code == 201 and joined.json()["in_force"] is True
