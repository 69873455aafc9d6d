"""Attendance with confidentiality signatures, apologies and information sent; the
minutes-due timer counted in UK working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from riskpanel.config import Settings
from riskpanel.meetings.thresholds import MeetingRules
from riskpanel.models import Meeting, Panel, Timer
from riskpanel.timers.service import tick
from tests.fixtures import World
from tests.meetings.factories import create_meeting, now

API = "/api/v1/meetings"


def attendees(world: World) -> list[dict]:
    return [
        {
            "agency_id": world.agencies["police"].id,
            "name": "Insp. Priya Kaur",
            "role": "Chair",
            "confidentiality_signed": True,
        },
        {
            "agency_id": world.agencies["housing"].id,
            "name": "Tom Ellis",
            "role": "Tenancy officer",
            "confidentiality_signed": False,
        },
        {
            "name": "Dr Ann Lowe",
            "role": "University of Testshire",
            "status": "observer",
            "confidentiality_signed": True,
        },
        {
            "agency_id": world.agencies["childrens"].id,
            "name": "Sam Reid",
            "role": "Social worker",
            "status": "apology",
            "information_sent_at": (now() - timedelta(days=1)).isoformat(),
            "information_summary": "No open involvement with the household.",
        },
    ]


def test_attendance_is_recorded_with_the_panels_statement(client: TestClient, world: World) -> None:
    meeting = create_meeting(client, world)
    path = f"{API}/{meeting['id']}/attendance"
    h = world.headers("coordinator", **{"If-Match": meeting["etag"]})
    r = client.put(path, json={"attendees": attendees(world)}, headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["confidentiality_statement"].startswith("Information shared at this meeting")
    by_name = {a["attendee_name"]: a for a in body["attendees"]}
    assert by_name["Insp. Priya Kaur"]["signed_at"] is not None
    assert by_name["Tom Ellis"]["signed_at"] is None
    assert by_name["Dr Ann Lowe"]["status"] == "observer"
    assert by_name["Sam Reid"]["information_summary"].startswith("No open")
    first_signed = by_name["Insp. Priya Kaur"]["signed_at"]
    again = client.put(
        path,
        json={"attendees": attendees(world)},
        headers=world.headers("chair", **{"If-Match": r.headers["etag"]}),
    )
    assert again.status_code == 200
    kept = {a["attendee_name"]: a for a in again.json()["attendees"]}
    assert kept["Insp. Priya Kaur"]["signed_at"] == first_signed
    assert client.get(path, headers=world.headers("police_officer")).status_code == 403


def test_attendance_refuses_inconsistent_entries(client: TestClient, world: World) -> None:
    meeting = create_meeting(client, world)
    path = f"{API}/{meeting['id']}/attendance"
    h = world.headers("coordinator", **{"If-Match": meeting["etag"]})
    outsider = world.agencies["outsider"].id
    bad = [
        {"agency_id": outsider, "name": "A B", "role": "Nurse"},
        {"name": "A B", "role": "Nurse"},
        {
            "agency_id": world.agencies["police"].id,
            "name": "A B",
            "role": "PC",
            "status": "apology",
            "confidentiality_signed": True,
        },
        {
            "agency_id": world.agencies["police"].id,
            "name": "A B",
            "role": "PC",
            "information_summary": "x",
        },
    ]
    for attendee in bad:
        r = client.put(path, json={"attendees": [attendee]}, headers=h)
        assert r.status_code == 422, (attendee, r.text)
    assert client.put(path, json={"attendees": []}).status_code == 401


def test_minutes_due_counts_uk_working_days() -> None:
    rules = MeetingRules.for_panel(Panel(name="p", area="a"), Settings())
    christmas_eve = datetime(2026, 12, 24, 10, 0, tzinfo=UTC)  # Thursday
    # Fri 25 and Mon 28 (Boxing Day substitute) are bank holidays in England and Wales
    assert rules.minutes_due_on(christmas_eve) == date(2026, 12, 31)
    assert rules.minutes_due_at(christmas_eve) == datetime(2027, 1, 1, 0, 0, tzinfo=UTC)
    bst = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # Monday, British Summer Time
    assert rules.minutes_due_on(bst) == date(2026, 6, 4)
    assert rules.minutes_due_at(bst) == datetime(2026, 6, 4, 23, 0, tzinfo=UTC)


def test_tick_marks_overdue_minutes_once(client: TestClient, world: World, engine: Engine) -> None:
    meeting = create_meeting(client, world, days_ahead=1)
    with Session(engine) as session:
        timer = session.exec(select(Timer).where(Timer.kind == "minutes_due")).one()
    report = tick(engine, now=timer.due_at + timedelta(minutes=1))
    assert report.fired["minutes_due"] == 1
    assert tick(engine, now=timer.due_at + timedelta(hours=1)).fired["minutes_due"] == 0
    with Session(engine) as session:
        fired = session.get(Timer, timer.id)
        assert fired is not None and fired.outcome == "minutes_overdue"
        stored = session.get(Meeting, meeting["id"])
        assert stored is not None and stored.status == "minutes_overdue"
