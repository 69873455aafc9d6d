"""The meeting as panels run it: agenda edits keep case states true, late listing needs a
reason and the chair, minutes open at the meeting's start, the cut-off is the day it names,
a new meeting does not propose cases booked elsewhere, apologies invent no names."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import Attendance, AuditEvent, Case, CaseHistory, Meeting
from tests.fixtures import World
from tests.meetings.factories import create_meeting, hold_meeting, make_action, make_case
from tests.meetings.flow import API, actions_agreed, agenda_from_proposal, put_minutes
from tests.web.helpers import Browser, hidden, text
from tests.web.journeys import date_fields, plan_meeting


def _case(engine: Engine, case_id: int) -> tuple[str, list[str]]:
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        history = session.exec(
            select(CaseHistory.trigger)
            .where(CaseHistory.case_id == case_id)
            .order_by(col(CaseHistory.id))
        ).all()
        return case.state, list(history)


def test_removing_a_listed_case_returns_it_to_accepted(
    browser: type[Browser], world: World, engine: Engine
) -> None:
    made = make_case(engine, world, referred_days_ago=30)
    coordinator = browser("coordinator")
    meeting_id = plan_meeting(coordinator)
    path = f"/meetings/{meeting_id}"
    page = coordinator.get(path)
    coordinator.post(
        f"{path}/agenda", {"op": "use_proposal", "if_match": hidden(page.text, "if_match")}
    )
    assert _case(engine, made.id) == ("listed", ["list_for_meeting"])
    assert "Record the hearing" in text(coordinator.get(f"/cases/{made.id}").text)
    page = coordinator.get(path)
    r = coordinator.post(
        f"{path}/agenda", {"op": "remove", "index": "0", "if_match": hidden(page.text, "if_match")}
    )
    assert r.status_code == 303, text(r.text)
    assert _case(engine, made.id) == ("accepted", ["list_for_meeting", "unlist"])
    assert "Record the hearing" not in text(coordinator.get(f"/cases/{made.id}").text)
    with Session(engine) as session:
        row = session.exec(
            select(AuditEvent)
            .where(AuditEvent.subject_type == "meeting_agenda", AuditEvent.action == "alteration")
            .order_by(col(AuditEvent.id).desc())
        ).first()
        assert row is not None and row.detail["unlisted"] == [made.id]
    # proposed again for this meeting, so it can be put back
    assert made.reference in text(coordinator.get(path).text)


def test_minutes_open_at_the_start_not_on_the_day(
    browser: type[Browser], client: TestClient, world: World, engine: Engine
) -> None:
    case = make_case(engine, world)
    meeting = create_meeting(client, world, days_ahead=3)
    agenda_from_proposal(client, world, meeting)
    mid = meeting["id"]
    hold_meeting(engine, mid, hours_ago=-1)  # later today: not started yet
    coordinator = browser("coordinator")
    page = text(coordinator.get(f"/meetings/{mid}").text)
    assert "Record minutes" not in page and "from the meeting's start" in page
    form = coordinator.get(f"/meetings/{mid}/minutes/{case.id}")
    assert form.status_code == 200
    assert "from its start" in text(form.text) and "decision" not in form.text
    early = put_minutes(client, world, mid, case.id, actions_agreed(world, "police"))
    assert early.status_code == 409 and "from its start" in early.json()["detail"]
    with Session(engine) as session:
        assert session.get(Meeting, mid).status == "planned"  # not "held" before it starts
    hold_meeting(engine, mid, hours_ago=0.1)
    assert "Record minutes" in text(coordinator.get(f"/meetings/{mid}").text)
    assert (
        put_minutes(client, world, mid, case.id, actions_agreed(world, "police")).status_code == 200
    )


def test_the_cutoff_date_is_the_end_of_that_day_in_local_time(
    browser: type[Browser], world: World, engine: Engine
) -> None:
    coordinator = browser("coordinator")
    day = date.today() + timedelta(days=20)
    cutoff = day - timedelta(days=7)
    r = coordinator.post(
        "/meetings/new",
        {
            **date_fields("starts_at", day),
            "starts_time": "10:00",
            "venue": "Civic Centre",
            **date_fields("referral_cutoff_at", cutoff),
        },
    )
    assert r.status_code == 303, text(r.text)
    meeting_id = int(r.headers["location"].split("?")[0].rsplit("/", 1)[1])
    with Session(engine) as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        local = meeting.referral_cutoff_at.astimezone(ZoneInfo("Europe/London"))
    assert local.date() == cutoff and local.time().replace(microsecond=0) == time(23, 59, 59)


def test_a_new_meeting_does_not_propose_reviews_booked_on_another_agenda(
    client: TestClient, world: World, engine: Engine
) -> None:
    case = make_case(engine, world, state="actions_open", last_heard_days_ago=60)
    first = create_meeting(client, world, days_ahead=10)
    make_action(
        engine, world, case_id=case.id, meeting_id=first["id"], agency="police", due_in_days=5
    )
    agenda = agenda_from_proposal(client, world, first)
    assert case.id in [i["case_id"] for i in agenda["items"] if i["section"] == "review"]
    extra = create_meeting(client, world, days_ahead=12)
    proposal = client.get(
        f"{API}/{extra['id']}/agenda/proposal", headers=world.headers("coordinator")
    ).json()
    assert case.id not in [i["case_id"] for i in proposal["items"]]


def test_apologies_do_not_invent_names(client: TestClient, world: World, engine: Engine) -> None:
    meeting = create_meeting(client, world, days_ahead=3)
    etag = client.get(f"{API}/{meeting['id']}", headers=world.headers("coordinator")).headers[
        "etag"
    ]
    people = [
        {"agency_id": world.agencies["police"].id, "name": "Insp. Lena Hart", "role": "Chair"},
        {"agency_id": world.agencies["housing"].id, "status": "apology"},
    ]
    r = client.put(
        f"{API}/{meeting['id']}/attendance",
        json={"attendees": people},
        headers=world.headers("coordinator", **{"If-Match": etag}),
    )
    assert r.status_code == 200, r.text
    with Session(engine) as session:
        apology = session.exec(select(Attendance).where(Attendance.status == "apology")).one()
        assert (apology.attendee_name, apology.attendee_role) == ("", "")
    etag = (
        r.headers["etag"]
        if "etag" in r.headers
        else client.get(f"{API}/{meeting['id']}", headers=world.headers("coordinator")).headers[
            "etag"
        ]
    )
    nameless = [{"agency_id": world.agencies["police"].id, "status": "present"}]
    r = client.put(
        f"{API}/{meeting['id']}/attendance",
        json={"attendees": nameless},
        headers=world.headers("coordinator", **{"If-Match": etag}),
    )
    assert r.status_code == 422 and "name" in r.text


def test_late_listing_needs_a_reason_and_the_chairs_agreement(
    browser: type[Browser], client: TestClient, world: World, engine: Engine
) -> None:
    late = make_case(engine, world, referred_days_ago=1)
    meeting = create_meeting(client, world, days_ahead=5)
    path = f"/meetings/{meeting['id']}"
    coordinator, chair = browser("coordinator"), browser("chair")
    page = coordinator.get(path)
    assert "Ask the chair to list a case late" in text(page.text)
    add = {"op": "add", "section": "new_case", "case_id": str(late.id), "slot_minutes": "15"}
    r = coordinator.post(f"{path}/agenda", {**add, "if_match": hidden(page.text, "if_match")})
    assert r.status_code == 422 and "ask the chair" in text(r.text)
    r = coordinator.post(f"{path}/late-listings", {"case_id": str(late.id), "reason": "  "})
    assert r.status_code == 422 and 'href="#f-reason"' in r.text
    reason = "Threats escalated at the weekend; cannot wait six weeks."
    r = coordinator.post(f"{path}/late-listings", {"case_id": str(late.id), "reason": reason})
    assert r.status_code == 303, text(r.text)
    assert coordinator.post(f"{path}/late-listings/{late.id}/agreement").status_code == 403
    check = chair.get(f"{path}/late-listings/{late.id}")
    assert reason in text(check.text) and "Agree to list it late" in text(check.text)
    r = chair.post(f"{path}/late-listings/{late.id}/agreement")
    assert r.status_code == 303
    assert "Agreed by the chair" in text(chair.get(path).text)
    page = coordinator.get(path)
    r = coordinator.post(f"{path}/agenda", {**add, "if_match": hidden(page.text, "if_match")})
    assert r.status_code == 303, text(r.text)
    assert _case(engine, late.id)[0] == "listed"
    with Session(engine) as session:
        kinds = session.exec(
            select(AuditEvent.action).where(AuditEvent.subject_type == "late_listing")
        ).all()
    assert sorted(kinds) == ["alteration", "collection"]
