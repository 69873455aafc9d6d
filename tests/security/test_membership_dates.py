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

from riskpanel.models import PanelMembership
from tests.fixtures import World
from tests.meetings.flow import held_meeting_with_cases

TODAY = date.today()


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
    client: TestClient, world: World, engine: Engine
) -> None:
    _, (case,) = held_meeting_with_cases(client, world, engine, {})
    assert _sees(client, world, "housing_officer", case.id) == (200, True)
    for joined, left, seen in (
        (date(2025, 1, 1), TODAY + timedelta(days=1), True),  # leaves tomorrow
        (date(2025, 1, 1), TODAY, False),  # left today
        (date(2025, 1, 1), TODAY - timedelta(days=10), False),
        (TODAY + timedelta(days=1), None, False),  # not started
        (TODAY, None, True),
    ):
        _set_dates(engine, world, "housing", joined, left)
        want = (200, True) if seen else (404, False)
        assert _sees(client, world, "housing_officer", case.id) == want, (joined, left)
        assert _sees(client, world, "housing_system", case.id) == want, (joined, left)
