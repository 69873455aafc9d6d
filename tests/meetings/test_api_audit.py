"""Reading a meeting is logged like reading a case: the meeting itself, its agenda, its
attendance, its calendar invitation and the list, by API and on the web pages."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import AuditEvent
from tests.factories import refresh_view
from tests.fixtures import World
from tests.meetings.factories import create_meeting, make_case
from tests.web.helpers import sign_in

API = "/api/v1/meetings"


def _events(engine: Engine, after: int = 0) -> list[AuditEvent]:
    with Session(engine) as session:
        refresh_view(session)
        return list(
            session.exec(
                select(AuditEvent).where(col(AuditEvent.id) > after).order_by(col(AuditEvent.id))
            ).all()
        )


def _last_id(engine: Engine) -> int:
    events = _events(engine)
    return (events[-1].id or 0) if events else 0


def _about(event: AuditEvent, meeting_id: int) -> bool:
    return event.subject_id == str(meeting_id) or event.detail.get("meeting_id") == meeting_id


def _meeting_with_agenda(client: TestClient, world: World, engine: Engine) -> dict[str, Any]:
    case = make_case(engine, world)
    meeting = create_meeting(client, world)
    items = [{"section": "new_case", "case_id": case.id, "position": 1}]
    h = world.headers("coordinator", **{"If-Match": meeting["etag"]})
    assert client.put(f"{API}/{meeting['id']}/agenda", json={"items": items}, headers=h).is_success
    return meeting


@pytest.mark.parametrize(
    ("suffix", "actor", "subject_type"),
    [
        ("", "police_officer", "meeting"),
        ("", "police_system", "meeting"),
        ("/invite.ics", "housing_officer", "meeting_invitation"),
        ("/agenda", "police_system", "meeting_agenda"),
        ("/attendance", "chair", "meeting_attendance"),
    ],
)
def test_each_api_read_of_a_meeting_writes_an_access_log_row(
    client: TestClient, world: World, engine: Engine, suffix: str, actor: str, subject_type: str
) -> None:
    meeting = _meeting_with_agenda(client, world, engine)
    before = _last_id(engine)
    r = client.get(f"{API}/{meeting['id']}{suffix}", headers=world.headers(actor))
    assert r.status_code == 200, r.text
    read = [e for e in _events(engine, before) if _about(e, meeting["id"])]
    assert [(e.action, e.subject_type) for e in read] == [("consultation", subject_type)]
    token_actor = world.users.get(actor)
    if token_actor is not None:
        assert read[0].actor_user_id == token_actor.id
    else:
        assert read[0].actor_agency_id == world.agencies["police"].id
    # Refused reads leave no trace of the meeting being shown.
    before = _last_id(engine)
    hidden = client.get(f"{API}/{meeting['id']}{suffix}", headers=world.headers("outsider_officer"))
    assert hidden.status_code in (403, 404)
    assert not [e for e in _events(engine, before) if e.action == "consultation"]


def test_listing_meetings_is_logged_with_the_meetings_shown(
    client: TestClient, world: World, engine: Engine
) -> None:
    meeting = create_meeting(client, world)
    before = _last_id(engine)
    assert client.get(API, headers=world.headers("police_officer")).status_code == 200
    [listed] = [e for e in _events(engine, before) if e.subject_type == "meeting_list"]
    assert listed.action == "consultation" and meeting["id"] in listed.detail["meeting_ids"]


def test_the_meeting_web_pages_are_logged(
    app: FastAPI, client: TestClient, world: World, engine: Engine
) -> None:
    meeting = _meeting_with_agenda(client, world, engine)
    with TestClient(app) as web:
        sign_in(web, "police_officer")
        before = _last_id(engine)
        assert web.get(f"/meetings/{meeting['id']}").status_code == 200
        kinds = {e.subject_type for e in _events(engine, before) if _about(e, meeting["id"])}
        assert {"meeting", "meeting_agenda"} <= kinds
        before = _last_id(engine)
        assert web.get("/meetings").status_code == 200
        assert "meeting_list" in {e.subject_type for e in _events(engine, before)}
