"""The coordinator asks member agencies for research on a listed case; the agencies are
told with `research.due`, reminded by the same timer as listing, and read what is due."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from riskpanel.config import Settings
from riskpanel.models import (
    AuditEvent,
    Notification,
    ResearchRequest,
    Timer,
    utcnow,
)
from riskpanel.risk.timeframes import local_date
from riskpanel.timers.service import arm, tick
from tests.actions.factories import list_at_meeting, make_case, make_meeting, update_agency
from tests.factories import refresh_view
from tests.fixtures import World

RETURN = {"items": [{"kind": "fact", "text": "No trace on agency systems."}]}


@pytest.fixture(autouse=True)
def _quiet_delivery(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setattr("riskpanel.notifications.timers.get_settings", lambda: settings)


@pytest.fixture
def listed(engine: Engine, world: World) -> tuple[Any, int]:
    for name in ("police", "housing", "victim_support"):
        update_agency(engine, world, name, contact_email=f"{name}@agency.example")
    case = make_case(engine, world, state="listed")
    meeting = make_meeting(engine, world, days_ahead=8)
    list_at_meeting(engine, case_id=case.id, meeting_id=meeting)
    return case, meeting


def ask(client: TestClient, world: World, case_id: int, actor: str = "coordinator", **body: Any):
    body.setdefault("due_on", (date.today() + timedelta(days=3)).isoformat())
    return client.post(
        f"/api/v1/cases/{case_id}/research-requests", json=body, headers=world.headers(actor)
    )


def count(session: Session, model: type, *where: Any) -> int:
    refresh_view(session)
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_coordinator_asks_named_agencies(
    client: TestClient, world: World, listed: tuple[Any, int], session: Session
) -> None:
    case, meeting = listed
    police = world.agencies["police"].id
    due_on = date.today() + timedelta(days=3)
    r = ask(client, world, case.id, agency_ids=[police], due_on=due_on.isoformat())
    assert r.status_code == 201, r.text
    [item] = r.json()["items"]
    assert item["agency_id"] == police and item["agency_name"] == "Test Police"
    assert item["case_reference"] == case.reference and item["meeting_id"] == meeting
    assert item["due_on"] == due_on.isoformat() and item["returned"] is False
    refresh_view(session)
    request = session.exec(select(ResearchRequest)).one()
    assert (request.case_id, request.agency_id, request.meeting_id) == (case.id, police, meeting)
    assert request.requested_by_user_id == world.users["coordinator"].id
    timer = session.exec(select(Timer).where(Timer.subject_type == "research_request")).one()
    assert (timer.kind, timer.subject_id, timer.case_id) == ("research_due", request.id, case.id)
    assert timer.due_at == request.due_at and local_date(timer.due_at) == due_on
    notes = session.exec(select(Notification).where(Notification.kind == "research.due")).all()
    assert {n.agency_id for n in notes} == {police}
    assert notes[0].payload == {
        "case_reference": case.reference,
        "due_on": due_on.isoformat(),
        "meeting_on": local_date(request.due_at + timedelta(days=5)).isoformat(),
        "path": f"/api/v1/cases/{case.id}/research",
    }
    event = session.exec(
        select(AuditEvent).where(AuditEvent.subject_type == "research_request")
    ).one()
    assert (event.action, event.case_id, event.actor_role) == ("disclosure", case.id, "coordinator")
    assert event.recipients == ["Test Police"]
    assert event.detail["agency_ids"] == [police]


def test_all_members_asks_every_member_with_an_agreement(
    client: TestClient, engine: Engine, world: World, listed: tuple[Any, int], session: Session
) -> None:
    case, _ = listed
    update_agency(engine, world, "childrens", isa_expires_on=date.today() - timedelta(days=1))
    r = ask(client, world, case.id, all_members=True)
    assert r.status_code == 201, r.text
    asked = {i["agency_id"] for i in r.json()["items"]}
    assert asked == {world.agencies[k].id for k in ("police", "housing", "victim_support")}
    assert count(session, ResearchRequest) == 3


@pytest.mark.parametrize(
    ("days_ahead", "message"),
    [(-1, "in the past"), (9, "after")],
)
def test_due_day_past_or_after_the_meeting_is_refused(
    client: TestClient,
    world: World,
    listed: tuple[Any, int],
    session: Session,
    today: date,
    days_ahead: int,
    message: str,
) -> None:
    case, _ = listed
    due_on = today + timedelta(days=days_ahead)
    r = ask(
        client, world, case.id, agency_ids=[world.agencies["police"].id], due_on=due_on.isoformat()
    )
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    [error] = r.json()["errors"]
    assert error["field"] == "due_on" and message in error["message"]
    assert count(session, ResearchRequest) == 0
    assert count(session, Notification) == 0


def test_agencies_outside_the_panel_are_refused(
    client: TestClient, engine: Engine, world: World, listed: tuple[Any, int], session: Session
) -> None:
    case, _ = listed
    outsider = world.agencies["outsider"].id
    r = ask(client, world, case.id, agency_ids=[world.agencies["police"].id, outsider])
    assert r.status_code == 422
    [error] = r.json()["errors"]
    assert error["field"] == "agency_ids" and str(outsider) in error["message"]
    update_agency(engine, world, "housing", isa_expires_on=date.today() - timedelta(days=1))
    r = ask(client, world, case.id, agency_ids=[world.agencies["housing"].id])
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "agency_ids"
    r = ask(client, world, case.id)
    assert r.status_code == 422  # neither agency_ids nor all_members
    assert count(session, ResearchRequest) == 0


def test_only_a_listed_case_and_only_its_coordinator(
    client: TestClient, engine: Engine, world: World, listed: tuple[Any, int], session: Session
) -> None:
    case, _ = listed
    accepted = make_case(engine, world, state="accepted")
    police = [world.agencies["police"].id]
    assert ask(client, world, accepted.id, agency_ids=police).status_code == 409
    for actor, status in (("chair", 403), ("police_officer", 403), ("police_system", 403)):
        assert ask(client, world, case.id, actor, agency_ids=police).status_code == status
    assert count(session, ResearchRequest) == 0


def test_asking_again_moves_the_due_time(
    client: TestClient, world: World, listed: tuple[Any, int], session: Session
) -> None:
    case, _ = listed
    police = [world.agencies["police"].id]
    first = ask(client, world, case.id, agency_ids=police).json()["items"][0]
    later = (date.today() + timedelta(days=5)).isoformat()
    again = ask(client, world, case.id, agency_ids=police, due_on=later).json()["items"][0]
    assert again["id"] == first["id"] and again["due_on"] == later
    refresh_view(session)
    timers = session.exec(
        select(Timer).where(Timer.subject_type == "research_request").order_by(col(Timer.id))
    ).all()
    assert [t.cancelled_at is not None for t in timers] == [True, False]
    assert count(session, Notification, Notification.kind == "research.due") == 2


def test_the_timer_reminds_only_an_agency_still_owing(
    client: TestClient, engine: Engine, world: World, listed: tuple[Any, int], session: Session
) -> None:
    case, _ = listed
    ids = [world.agencies["police"].id, world.agencies["housing"].id]
    r = ask(client, world, case.id, agency_ids=ids)
    assert r.status_code == 201
    returned = client.post(
        f"/api/v1/cases/{case.id}/research", json=RETURN, headers=world.headers("police_system")
    )
    assert returned.status_code == 201
    due_at = session.exec(select(ResearchRequest)).first().due_at  # type: ignore[union-attr]
    assert tick(engine, now=due_at + timedelta(minutes=1)).fired["research_due"] == 2
    refresh_view(session)
    outcomes = sorted(
        t.outcome or ""
        for t in session.exec(select(Timer).where(Timer.subject_type == "research_request"))
    )
    assert outcomes == ["reminded 1 agencies (1 messages)", "skipped: research returned"]
    reminders = session.exec(
        select(Notification).where(col(Notification.dedupe_key).startswith("timer:"))
    ).all()
    assert [n.agency_id for n in reminders] == [world.agencies["housing"].id]


def test_an_agency_reads_the_research_due_from_it(
    client: TestClient, engine: Engine, world: World, listed: tuple[Any, int], session: Session
) -> None:
    case, meeting = listed
    ask(client, world, case.id, agency_ids=[world.agencies["police"].id])
    other = make_case(engine, world, state="listed")
    list_at_meeting(engine, case_id=other.id, meeting_id=meeting)
    listing_due = utcnow() + timedelta(days=4)
    with Session(engine) as s:
        arm(
            session=s,
            kind="research_due",
            subject_type="case",
            subject_id=other.id,
            due_at=listing_due,
            case_id=other.id,
        )
        s.commit()
    url = "/api/v1/research/due"
    r = client.get(url, headers=world.headers("police_system"))
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [(i["case_id"], i["asked_by"]) for i in items] == [
        (case.id, "coordinator"),
        (other.id, "listing"),
    ]
    assert items[0]["return_path"] == f"/api/v1/cases/{case.id}/research"
    assert items[0]["request_id"] is not None and items[1]["request_id"] is None
    refresh_view(session)
    read = session.exec(
        select(AuditEvent)
        .where(AuditEvent.subject_type == "research_request", AuditEvent.action == "consultation")
        .order_by(col(AuditEvent.id).desc())
    ).first()
    assert read is not None and read.actor_agency_id == world.agencies["police"].id
    assert read.detail == {"case_ids": [case.id, other.id]}
    housing = client.get(url, headers=world.headers("housing_officer")).json()["items"]
    assert [i["case_id"] for i in housing] == [other.id]  # asked by the listing only
    client.post(
        f"/api/v1/cases/{case.id}/research", json=RETURN, headers=world.headers("police_system")
    )
    after = client.get(url, headers=world.headers("police_officer")).json()["items"]
    assert [i["case_id"] for i in after] == [other.id]
    assert client.get(url, headers=world.headers("outsider_system")).json()["items"] == []
    for actor in ("coordinator", "chair", "admin", "auditor", "scrutiny"):
        assert client.get(url, headers=world.headers(actor)).status_code == 403
    assert client.get(url).status_code == 401
