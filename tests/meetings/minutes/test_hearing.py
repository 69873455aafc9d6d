"""Minutes give actions only to agencies that are members of the meeting's panel today.

An action makes its owner able to read the whole case, so giving one to an agency outside
the panel (never a member, not yet a member, or one that has left) would disclose the case
to it: refused with 422 naming the action's agency field, and nothing is written.
"""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import Action, PanelMembership
from tests.fixtures import World
from tests.meetings.flow import actions_agreed, held_meeting_with_cases, put_minutes


def _set_membership(
    engine: Engine, world: World, agency: str, *, joined: date | None, left: date | None
) -> None:
    with Session(engine) as session:
        row = session.exec(
            select(PanelMembership).where(
                col(PanelMembership.panel_id) == world.panel.id,
                col(PanelMembership.agency_id) == world.agencies[agency].id,
            )
        ).one()
        row.joined_on, row.left_on = joined, left
        session.add(row)
        session.commit()


def _actions(engine: Engine) -> list[Action]:
    with Session(engine) as session:
        return list(session.exec(select(Action)).all())


def _problem_fields(response: object) -> list[str]:
    body = response.json()  # type: ignore[attr-defined]
    return [e["field"] for e in body.get("errors", [])]


def test_an_action_for_an_agency_outside_the_panel_is_refused(
    client: TestClient, world: World, engine: Engine
) -> None:
    meeting, (case,) = held_meeting_with_cases(client, world, engine, {})
    body = actions_agreed(world, "police", "outsider")
    r = put_minutes(client, world, meeting["id"], case.id, body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert _problem_fields(r) == ["actions.1.agency_id"]
    assert _actions(engine) == []
    read = client.get(f"/api/v1/cases/{case.id}", headers=world.headers("outsider_officer"))
    assert read.status_code == 404


def test_an_agency_that_left_or_has_not_joined_gets_no_action(
    client: TestClient, world: World, engine: Engine
) -> None:
    meeting, (case,) = held_meeting_with_cases(client, world, engine, {})
    today = date.today()
    _set_membership(engine, world, "housing", joined=date(2025, 1, 1), left=today)
    body = actions_agreed(world, "housing", "police")
    r = put_minutes(client, world, meeting["id"], case.id, body)
    assert r.status_code == 422 and _problem_fields(r) == ["actions.0.agency_id"]
    _set_membership(engine, world, "housing", joined=today + timedelta(days=1), left=None)
    r = put_minutes(client, world, meeting["id"], case.id, body)
    assert r.status_code == 422 and _problem_fields(r) == ["actions.0.agency_id"]
    assert _actions(engine) == []
    _set_membership(engine, world, "housing", joined=today, left=today + timedelta(days=30))
    ok = put_minutes(client, world, meeting["id"], case.id, body)
    assert ok.status_code == 200, ok.text
    assert sorted(a.agency_id for a in _actions(engine)) == sorted(
        [world.agencies["housing"].id, world.agencies["police"].id]
    )
