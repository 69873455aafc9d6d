"""Reminders, the overdue mark and escalation, fired by tick exactly once."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.actions.service import create_action, record_review_outcome
from riskpanel.actions.timers import (
    DUE,
    ESCALATION,
    OVERDUE,
    REMINDER,
    ActionRules,
)
from riskpanel.config import Settings
from riskpanel.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.models import Action, Notification, Timer, utcnow
from riskpanel.risk.deadlines import add_working_days
from riskpanel.timers.service import tick
from tests.actions.factories import (
    coordinator,
    make_action,
    make_case,
    make_meeting,
    update_agency,
)
from tests.factories import refresh_view
from tests.fixtures import World

RULES = ActionRules()


@pytest.fixture(autouse=True)
def _quiet_delivery(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    """Tick's delivery job reads the process settings; give it the test's (no SMTP host)."""
    monkeypatch.setattr("riskpanel.notifications.timers.get_settings", lambda: settings)


def _timers(session: Session, action_id: int) -> dict[str, Timer]:
    refresh_view(session)
    rows = session.exec(
        select(Timer).where(Timer.subject_type == "action", Timer.subject_id == action_id)
    ).all()
    return {t.kind: t for t in rows if t.cancelled_at is None and t.fired_at is None}


def _notes(session: Session) -> list[Notification]:
    refresh_view(session)
    return list(session.exec(select(Notification).order_by(col(Notification.id))).all())


def test_timers_follow_working_days_in_local_time(
    engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    due = date.today() + timedelta(days=30)
    action = make_action(engine, world, settings, case_id=make_case(engine, world).id, due_on=due)
    armed = _timers(session, action.id)
    assert set(armed) == {REMINDER, DUE, OVERDUE, ESCALATION}
    assert armed[REMINDER].due_at == RULES.at(add_working_days(due, -3), 9)
    assert armed[DUE].due_at == RULES.at(due, 9)
    assert armed[OVERDUE].due_at == RULES.at(due + timedelta(days=1), 0)
    assert armed[ESCALATION].due_at == RULES.at(add_working_days(due, 2), 9)
    assert RULES.at(date(2026, 7, 1), 9).hour == 8  # 09:00 BST is 08:00 UTC


def test_reminders_overdue_and_escalation_each_fire_once(
    engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    update_agency(engine, world, "police", contact_email="hate.crime.desk@police.example")
    case = make_case(engine, world)
    action = make_action(engine, world, settings, case_id=case.id)
    armed = _timers(session, action.id)
    assert [n.kind for n in _notes(session)] == ["action.assigned"]
    for kind, expected in [
        (REMINDER, "action.due_soon"),
        (DUE, "action.due_today"),
        (OVERDUE, "action.overdue"),
        (ESCALATION, "action.escalated"),
    ]:
        when = armed[kind].due_at + timedelta(minutes=1)
        assert tick(engine, now=when).fired[kind] == 1
        assert tick(engine, now=when).fired[kind] == 0
        assert _notes(session)[-1].kind == expected
    notes = _notes(session)
    assert len(notes) == 5
    assert {n.agency_id for n in notes[:4]} == {world.agencies["police"].id}
    assert notes[4].user_id == world.users["coordinator"].id and notes[4].channel == "email"
    assert notes[4].payload["agency"] == "Test Police"
    row = session.get(Action, action.id)
    assert row is not None and row.overdue is True and row.row_version == 1
    for n in notes:
        assert n.payload["action_reference"] == action.reference
        assert n.payload["case_reference"] == case.reference
        assert n.payload["path"] == f"/api/v1/actions/{action.id}"
        text = repr(n.payload)
        assert case.victim_name.split()[-1] not in text and "door" not in text


def test_concurrent_ticks_fire_a_timer_once(
    engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    update_agency(engine, world, "police", contact_email="desk@police.example")
    action = make_action(engine, world, settings, case_id=make_case(engine, world).id)
    when = _timers(session, action.id)[OVERDUE].due_at + timedelta(minutes=1)
    barrier = threading.Barrier(3)
    fired: list[int] = []

    def run() -> None:
        barrier.wait()
        fired.append(tick(engine, now=when).fired[OVERDUE])

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(fired) == [0, 0, 1]
    assert [n.kind for n in _notes(session)].count("action.overdue") == 1


def test_finishing_cancels_and_reopening_revives_the_timers(
    client: TestClient, engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    action = make_action(engine, world, settings, case_id=make_case(engine, world).id)
    escalation_at = _timers(session, action.id)[ESCALATION].due_at
    done = client.post(
        f"/api/v1/actions/{action.id}/updates",
        json={"progress": "completed", "outcome": "Done."},
        headers=world.headers("police_system", **{"If-Match": action.etag}),
    )
    assert done.status_code == 201
    assert _timers(session, action.id) == {}
    assert tick(engine, now=escalation_at + timedelta(hours=1)).fired.get(ESCALATION) == 0
    r = client.post(
        f"/api/v1/actions/{action.id}/reopen",
        json={"reason": "Not fixed after all."},
        headers=world.headers("coordinator", **{"If-Match": done.headers["etag"]}),
    )
    assert r.status_code == 200, r.text
    revived = _timers(session, action.id)
    assert set(revived) == {REMINDER, DUE, OVERDUE, ESCALATION}
    assert revived[ESCALATION].due_at == escalation_at
    assert [n.kind for n in _notes(session)] == []  # the police have no channel configured


def test_reopening_after_the_due_date_marks_overdue_at_the_next_tick(
    client: TestClient, engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    due = date.today() - timedelta(days=3)
    action = make_action(engine, world, settings, case_id=make_case(engine, world).id, due_on=due)
    assert set(_timers(session, action.id)) == {OVERDUE, ESCALATION}
    done = client.post(
        f"/api/v1/actions/{action.id}/updates",
        json={"progress": "completed", "outcome": "Done late."},
        headers=world.headers("police_system", **{"If-Match": action.etag}),
    )
    assert tick(engine).fired.get(OVERDUE) == 0  # cancelled when completed
    client.post(
        f"/api/v1/actions/{action.id}/reopen",
        json={"reason": "Reopened."},
        headers=world.headers("coordinator", **{"If-Match": done.headers["etag"]}),
    )
    assert tick(engine, now=utcnow() + timedelta(seconds=5)).fired[OVERDUE] == 1
    refresh_view(session)
    assert session.get(Action, action.id).overdue is True  # type: ignore[union-attr]


def test_no_reminders_to_an_agency_without_a_sharing_agreement(
    engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    update_agency(
        engine,
        world,
        "police",
        contact_email="desk@police.example",
        isa_expires_on=date.today() - timedelta(days=1),
    )
    action = make_action(engine, world, settings, case_id=make_case(engine, world).id)
    when = _timers(session, action.id)[ESCALATION].due_at + timedelta(minutes=1)
    report = tick(engine, now=when)
    assert report.fired[REMINDER] == report.fired[OVERDUE] == 1
    assert [n.kind for n in _notes(session)] == ["action.escalated"]


def test_the_review_outcome_is_separate_from_agency_progress(
    client: TestClient, engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    case = make_case(engine, world)
    action = make_action(engine, world, settings, case_id=case.id)
    meeting_id = make_meeting(engine, world)
    done = client.post(
        f"/api/v1/actions/{action.id}/updates",
        json={"progress": "completed", "outcome": "Letter sent."},
        headers=world.headers("police_system", **{"If-Match": action.etag}),
    )
    with Session(engine, expire_on_commit=False) as s:
        for bad, error in [
            ("done", InvalidInput),
            ("completed", Forbidden),
        ]:
            who = (
                coordinator(world)
                if error is InvalidInput
                else Principal(role="agency", label="x", agency_id=world.agencies["police"].id)
            )
            with pytest.raises(error):
                record_review_outcome(
                    session=s,
                    principal=who,
                    action_id=action.id,
                    outcome=bad,
                    meeting_id=meeting_id,
                )
        reviewed = record_review_outcome(
            session=s,
            principal=coordinator(world),
            action_id=action.id,
            outcome="not_done_by_agency",
            meeting_id=meeting_id,
            note="The letter did not reach the victim.",
        )
        s.commit()
        assert (reviewed.progress, reviewed.review_outcome) == ("completed", "not_done_by_agency")
        with pytest.raises(Conflict):
            record_review_outcome(
                session=s,
                principal=coordinator(world),
                action_id=action.id,
                outcome="completed",
                meeting_id=meeting_id,
            )
    r = client.get(f"/api/v1/actions/{action.id}", headers=world.headers("police_system"))
    assert r.json()["review_outcome"] == "not_done_by_agency"
    assert r.json()["progress"] == "completed"
    assert [(e["event"], e["by"], e["outcome"]) for e in r.json()["history"]][-1] == (
        "reviewed",
        "panel",
        "not_done_by_agency",
    )
    reopen = client.post(
        f"/api/v1/actions/{action.id}/reopen",
        json={"reason": "Try again."},
        headers=world.headers("coordinator", **{"If-Match": r.headers["etag"]}),
    )
    assert reopen.status_code == 409
    assert done.status_code == 201


def test_create_action_checks_its_inputs(engine: Engine, world: World, settings: Settings) -> None:
    case = make_case(engine, world)
    base = dict(
        case_id=case.id,
        meeting_id=None,
        agency_id=world.agencies["housing"].id or 0,
        description="Check the tenancy file.",
        due_on=date.today() + timedelta(days=7),
        settings=settings,
    )
    elsewhere = Principal(role="coordinator", label="Other", user_id=None, panel_id=-5)
    agency = Principal(role="agency", label="x", agency_id=world.agencies["police"].id)
    cases: list[tuple[Principal, dict[str, object], type[Exception]]] = [
        (elsewhere, {}, NotFound),
        (agency, {}, Forbidden),
        (coordinator(world), {"case_id": 999999}, NotFound),
        (coordinator(world), {"agency_id": 999999}, InvalidInput),
        (coordinator(world), {"description": "   "}, InvalidInput),
        (coordinator(world), {"meeting_id": 999999}, InvalidInput),
    ]
    with Session(engine) as s:
        for principal, change, error in cases:
            with pytest.raises(error):
                create_action(session=s, principal=principal, **{**base, **change})
            s.rollback()
        made = create_action(session=s, principal=coordinator(world), **base)
        assert made.reference == f"A-{utcnow().year}-{made.id:06d}"
