"""The tracker as CSV: the JSON list's rows and filters, safe in a spreadsheet, logged as a
disclosure to whoever downloads it."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.config import Settings
from riskpanel.models import Action, AuditEvent
from tests.actions.factories import make_action, make_case, update_agency
from tests.factories import refresh_view
from tests.fixtures import World

CSV = "/api/v1/actions.csv"


def rows(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.text)))


def test_an_agency_downloads_its_own_actions(
    client: TestClient, engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    case = make_case(engine, world)
    mine = make_action(
        engine,
        world,
        settings,
        case_id=case.id,
        description='=HYPERLINK("http://evil.example","fix locks")',
    )
    make_action(engine, world, settings, case_id=case.id, agency="housing")
    response = client.get(CSV, headers=world.headers("police_system"))
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="riskpanel-actions.csv"'
    )
    got = rows(response)
    assert [int(r["id"]) for r in got] == [mine.id]
    row = got[0]
    assert "agency_name" not in row
    assert row["description"] == '\'=HYPERLINK("http://evil.example","fix locks")'
    assert row["case_reference"] == case.reference
    assert row["progress"] == "open"
    assert row["overdue"] == "false"
    assert row["etag"] == mine.etag
    listed = client.get("/api/v1/actions", headers=world.headers("police_system")).json()
    assert [int(r["id"]) for r in got] == [a["id"] for a in listed["items"]]
    refresh_view(session)
    event = session.exec(
        select(AuditEvent)
        .where(AuditEvent.subject_type == "action_list", AuditEvent.action == "disclosure")
        .order_by(col(AuditEvent.id).desc())
    ).first()
    assert event is not None
    assert event.actor_role == "agency_client"
    assert event.actor_agency_id == world.agencies["police"].id
    assert event.detail == {"action_ids": [mine.id], "format": "csv"}
    assert event.recipients and event.purpose == "action_tracking"


def test_same_filters_as_the_list(
    client: TestClient, engine: Engine, world: World, settings: Settings
) -> None:
    case, other = make_case(engine, world), make_case(engine, world)
    soon = make_action(
        engine, world, settings, case_id=case.id, due_on=date.today() + timedelta(days=2)
    )
    late = make_action(
        engine, world, settings, case_id=case.id, due_on=date.today() - timedelta(days=3)
    )
    elsewhere = make_action(engine, world, settings, case_id=other.id)
    h = world.headers("police_officer")

    def ids(**params: Any) -> list[int]:
        return [int(r["id"]) for r in rows(client.get(CSV, params=params, headers=h))]

    assert ids() == [soon.id, late.id, elsewhere.id]
    assert ids(case_id=other.id) == [elsewhere.id]
    assert ids(due_before=(date.today() + timedelta(days=3)).isoformat()) == [soon.id, late.id]
    assert ids(status="closed") == []
    with Session(engine) as s:
        action = s.get(Action, late.id)
        assert action is not None
        action.overdue = True  # what the action_overdue timer sets
        s.add(action)
        s.commit()
    assert ids(overdue="true") == [late.id]
    assert ids(overdue="false") == [soon.id, elsewhere.id]
    first = client.get(CSV, params={"limit": 2}, headers=h)
    assert [int(r["id"]) for r in rows(first)] == [soon.id, late.id]
    more = client.get(CSV, params={"limit": 2, "cursor": first.headers["x-next-cursor"]}, headers=h)
    assert [int(r["id"]) for r in rows(more)] == [elsewhere.id]
    assert "x-next-cursor" not in more.headers
    bad = client.get(CSV, params={"status": "nonsense"}, headers=h)
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")


def test_panel_roles_get_the_agency_name(
    client: TestClient, engine: Engine, world: World, settings: Settings
) -> None:
    case = make_case(engine, world)
    police = make_action(engine, world, settings, case_id=case.id)
    housing = make_action(engine, world, settings, case_id=case.id, agency="housing")
    got = rows(client.get(CSV, headers=world.headers("coordinator")))
    assert [(int(r["id"]), r["agency_name"]) for r in got] == [
        (police.id, "Test Police"),
        (housing.id, "Test Housing"),
    ]
    only = rows(
        client.get(
            CSV,
            params={"agency_id": world.agencies["housing"].id},
            headers=world.headers("chair"),
        )
    )
    assert [int(r["id"]) for r in only] == [housing.id]


def test_refusals(client: TestClient, engine: Engine, world: World, settings: Settings) -> None:
    case = make_case(engine, world)
    make_action(engine, world, settings, case_id=case.id)
    for actor in ("admin", "scrutiny", "auditor"):
        assert client.get(CSV, headers=world.headers(actor)).status_code == 403
    assert client.get(CSV).status_code == 401
    update_agency(engine, world, "police", isa_expires_on=date.today() - timedelta(days=1))
    empty = client.get(CSV, headers=world.headers("police_system"))
    assert rows(empty) == []
    assert empty.text.startswith("id,reference,case_id")
