"""Planning a meeting: defaults from panel thresholds, invitations, access and concurrency."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import Panel, Timer
from tests.fixtures import World
from tests.meetings.factories import create_meeting, make_case, now

API = "/api/v1/meetings"


def test_meeting_defaults_cutoff_invites_and_minutes_timer(
    client: TestClient, world: World, engine: Engine
) -> None:
    meeting = create_meeting(client, world, days_ahead=20)
    starts = datetime.fromisoformat(meeting["starts_at"])
    cutoff = datetime.fromisoformat(meeting["referral_cutoff_at"])
    assert timedelta(days=9, hours=22) <= starts - cutoff <= timedelta(days=10, hours=2)
    members = sorted(a.id for k, a in world.agencies.items() if k != "outsider")
    assert meeting["invited_agency_ids"] == members
    assert meeting["status"] == "planned"
    assert meeting["etag"] == f'"meeting-{meeting["id"]}-v1"'
    with Session(engine) as session:
        timers = session.exec(select(Timer).where(Timer.kind == "minutes_due")).all()
    assert [t.subject_id for t in timers] == [meeting["id"]]
    assert timers[0].due_at > starts + timedelta(days=3)


def test_panel_threshold_sets_the_cutoff(client: TestClient, world: World, engine: Engine) -> None:
    with Session(engine) as session:
        panel = session.get(Panel, world.panel.id)
        assert panel is not None
        panel.thresholds = {"referral_cutoff_days": 7}
        session.add(panel)
        session.commit()
    meeting = create_meeting(client, world, days_ahead=20)
    gap = datetime.fromisoformat(meeting["starts_at"]) - datetime.fromisoformat(
        meeting["referral_cutoff_at"]
    )
    assert timedelta(days=6, hours=22) <= gap <= timedelta(days=7, hours=2)


def test_who_may_see_a_meeting(client: TestClient, world: World) -> None:
    meeting = create_meeting(client, world)
    path = f"{API}/{meeting['id']}"
    assert client.get(path, headers=world.headers("chair")).status_code == 200
    assert client.get(path, headers=world.headers("police_officer")).status_code == 200
    assert client.get(path, headers=world.headers("police_system")).status_code == 200
    assert client.get(path, headers=world.headers("outsider_officer")).status_code == 404
    assert client.get(path, headers=world.headers("scrutiny")).status_code == 403
    assert client.get(path).status_code == 401
    listed = client.get(API, headers=world.headers("outsider_officer")).json()
    assert listed["items"] == []
    r = client.post(
        API,
        json={"starts_at": now().isoformat(), "venue": "x"},
        headers=world.headers("chair"),
    )
    assert r.status_code == 403


def test_invalid_meetings_are_refused(client: TestClient, world: World) -> None:
    h = world.headers("coordinator")
    start = (now() + timedelta(days=5)).isoformat()
    r = client.post(API, json={"starts_at": start}, headers=h)
    assert r.status_code == 422
    r = client.post(API, json={"starts_at": start, "online_link": "http://x.example/m"}, headers=h)
    assert r.status_code == 422
    outsider = world.agencies["outsider"].id
    r = client.post(
        API,
        json={"starts_at": start, "venue": "Room", "invited_agency_ids": [outsider]},
        headers=h,
    )
    assert r.status_code == 422
    assert "not members" in r.json()["detail"]
    r = client.post(
        API,
        json={
            "starts_at": start,
            "venue": "Room",
            "chair_user_id": world.users["police_officer"].id,
        },
        headers=h,
    )
    assert r.status_code == 422
    r = client.post(API, json={"starts_at": start, "venue": "Room", "colour": "red"}, headers=h)
    assert r.status_code == 422


def test_moving_a_meeting_needs_if_match_and_rearms_the_timer(
    client: TestClient, world: World, engine: Engine
) -> None:
    meeting = create_meeting(client, world, days_ahead=10)
    path = f"{API}/{meeting['id']}"
    later = (now() + timedelta(days=24)).isoformat()
    h = world.headers("coordinator")
    assert client.patch(path, json={"starts_at": later}, headers=h).status_code == 428
    stale = world.headers("coordinator", **{"If-Match": f'"meeting-{meeting["id"]}-v9"'})
    assert client.patch(path, json={"starts_at": later}, headers=stale).status_code == 412
    ok = world.headers("coordinator", **{"If-Match": meeting["etag"]})
    r = client.patch(path, json={"starts_at": later}, headers=ok)
    assert r.status_code == 200, r.text
    assert r.headers["etag"] == f'"meeting-{meeting["id"]}-v2"'
    with Session(engine) as session:
        live = session.exec(
            select(Timer).where(Timer.kind == "minutes_due", col(Timer.cancelled_at).is_(None))
        ).all()
    assert len(live) == 1
    assert live[0].due_at > datetime.fromisoformat(later)


def test_invitation_has_agency_attendees_and_no_case_data(
    client: TestClient, world: World, engine: Engine
) -> None:
    with Session(engine) as session:
        for key in ("police", "housing"):
            agency = session.get(type(world.agencies[key]), world.agencies[key].id)
            assert agency is not None
            agency.contact_email = f"panel-{key}@example.org"
            session.add(agency)
        session.commit()
    case = make_case(engine, world)
    meeting = create_meeting(
        client, world, online_link="https://meet.example.org/abc-def", venue=None
    )
    items = [{"section": "new_case", "case_id": case.id, "position": 1}]
    h = world.headers("coordinator", **{"If-Match": meeting["etag"]})
    assert client.put(f"{API}/{meeting['id']}/agenda", json={"items": items}, headers=h).is_success
    r = client.get(f"{API}/{meeting['id']}/invite.ics", headers=world.headers("housing_officer"))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/calendar")
    event = Calendar.from_ical(r.content).walk("VEVENT")[0]
    attendees = sorted(str(a) for a in event.get("attendee"))
    assert attendees == ["mailto:panel-housing@example.org", "mailto:panel-police@example.org"]
    assert str(event.get("location")) == "Online"
    assert "https://meet.example.org/abc-def" in str(event.get("url"))
    text = r.content.decode()
    assert case.reference not in text
    assert case.family_name not in text
    assert (
        client.get(
            f"{API}/{meeting['id']}/invite.ics", headers=world.headers("outsider_officer")
        ).status_code
        == 404
    )


def test_an_agency_without_a_sharing_agreement_gets_nothing(
    client: TestClient, world: World, engine: Engine
) -> None:
    meeting = create_meeting(client, world)
    police = world.agencies["police"]
    with Session(engine) as session:
        agency = session.get(type(police), police.id)
        assert agency is not None
        agency.isa_expires_on = date.today() - timedelta(days=1)
        session.add(agency)
        session.commit()
    path = f"{API}/{meeting['id']}"
    assert client.get(path, headers=world.headers("police_officer")).status_code == 404
    assert (
        client.get(f"{path}/agenda.pdf", headers=world.headers("police_system")).status_code == 404
    )
    extract = client.get(
        f"{path}/agencies/{police.id}/extract.pdf", headers=world.headers("coordinator")
    )
    assert extract.status_code == 409
    assert "sharing agreement" in extract.json()["detail"]
