"""Delivery after commit: signed webhooks with retries and a log, SMTP email, and no
personal data in anything that leaves riskpanel."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.config import Settings
from riskpanel.models import Delivery, Notification, utcnow
from riskpanel.notifications.delivery import MAX_ATTEMPTS, backoff, deliver_due
from riskpanel.timers.service import tick
from tests.actions.factories import make_action, make_case, update_agency
from tests.factories import refresh_view
from tests.fixtures import World
from tests.notifications.receivers import smtp_server, webhook_receiver

SECRET = "synthetic-partner-secret-for-tests"
BASE = "https://riskpanel.testshire.example"
DESCRIPTION = "Visit {name} at home and fit a door chain."


@pytest.fixture
def out_settings(settings: Settings) -> Settings:
    """The receivers listen on 127.0.0.1, which webhooks may reach only when allow-listed."""
    return settings.model_copy(
        update={"base_url": BASE, "webhook_allowed_networks": "127.0.0.1/32"}
    )


def _log(session: Session, notification_id: int) -> list[tuple[int, int | None]]:
    refresh_view(session)
    rows = session.exec(
        select(Delivery)
        .where(Delivery.notification_id == notification_id)
        .order_by(col(Delivery.attempt))
    ).all()
    return [(d.attempt, d.status_code) for d in rows]


def _only(session: Session) -> Notification:
    refresh_view(session)
    return session.exec(select(Notification)).one()


def test_a_signed_webhook_carries_references_and_a_link_only(
    engine: Engine, world: World, settings: Settings, out_settings: Settings, session: Session
) -> None:
    case = make_case(engine, world)
    with webhook_receiver(SECRET) as receiver:
        update_agency(engine, world, "police", webhook_url=receiver.url, webhook_secret=SECRET)
        action = make_action(
            engine,
            world,
            settings,
            case_id=case.id,
            description=DESCRIPTION.format(name=case.victim_name),
        )
        note = _only(session)
        assert receiver.received == []  # queued in the transaction, not sent by it
        assert deliver_due(engine=engine, settings=out_settings) == 1
    [got] = receiver.received
    assert got.signature_ok
    assert got.headers["webhook-id"] == f"msg_{note.id}"
    assert abs(int(got.headers["webhook-timestamp"]) - time.time()) < 30
    body = json.loads(got.body)
    assert body["type"] == "action.assigned"
    assert body["data"] == {
        "action_reference": action.reference,
        "case_reference": case.reference,
        "due_on": body["data"]["due_on"],
        "link": f"{BASE}/api/v1/actions/{action.id}",
    }
    for part in case.victim_name.split():
        assert part not in got.body.decode()
    assert "door chain" not in got.body.decode()
    assert _log(session, note.id or 0) == [(1, 204)]
    assert _only(session).status == "sent"


def test_a_failing_receiver_is_retried_with_backoff(
    engine: Engine, world: World, settings: Settings, out_settings: Settings, session: Session
) -> None:
    case = make_case(engine, world)
    with webhook_receiver(SECRET, fail_first=2) as receiver:
        update_agency(engine, world, "police", webhook_url=receiver.url, webhook_secret=SECRET)
        make_action(engine, world, settings, case_id=case.id)
        note_id = _only(session).id or 0
        t0 = utcnow()
        assert deliver_due(engine=engine, settings=out_settings, now=t0) == 0
        assert _only(session).next_attempt_at == t0 + backoff(1) == t0 + timedelta(seconds=30)
        assert (
            deliver_due(engine=engine, settings=out_settings, now=t0 + timedelta(seconds=29)) == 0
        )
        t1 = t0 + timedelta(seconds=31)
        assert deliver_due(engine=engine, settings=out_settings, now=t1) == 0
        assert _only(session).next_attempt_at == t1 + timedelta(minutes=1)
        t2 = t1 + timedelta(minutes=1, seconds=1)
        assert deliver_due(engine=engine, settings=out_settings, now=t2) == 1
    assert _log(session, note_id) == [(1, 500), (2, 500), (3, 204)]
    assert all(r.signature_ok for r in receiver.received)
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1  # same message
    done = _only(session)
    assert (done.status, done.attempts) == ("sent", 3)


def test_delivery_gives_up_after_the_last_attempt(
    engine: Engine, world: World, settings: Settings, out_settings: Settings, session: Session
) -> None:
    with webhook_receiver(SECRET, fail_first=1000) as receiver:
        update_agency(engine, world, "police", webhook_url=receiver.url, webhook_secret=SECRET)
        make_action(engine, world, settings, case_id=make_case(engine, world).id)
        now = utcnow()
        for attempt in range(1, MAX_ATTEMPTS + 1):
            deliver_due(engine=engine, settings=out_settings, now=now)
            now += backoff(attempt) + timedelta(seconds=1)
        assert deliver_due(engine=engine, settings=out_settings, now=now + timedelta(days=9)) == 0
    note = _only(session)
    assert (note.status, note.attempts) == ("failed", MAX_ATTEMPTS)
    assert len(receiver.received) == MAX_ATTEMPTS
    assert [a for a, _ in _log(session, note.id or 0)] == list(range(1, MAX_ATTEMPTS + 1))


def test_an_unreachable_receiver_is_logged_and_retried(
    engine: Engine, world: World, settings: Settings, out_settings: Settings, session: Session
) -> None:
    with webhook_receiver(SECRET) as receiver:
        dead = receiver.url
    update_agency(engine, world, "police", webhook_url=dead, webhook_secret=SECRET)
    make_action(engine, world, settings, case_id=make_case(engine, world).id)
    assert deliver_due(engine=engine, settings=out_settings) == 0
    note = _only(session)
    refresh_view(session)
    [log] = session.exec(select(Delivery)).all()
    assert log.status_code is None and log.error and "ConnectError" in log.error
    assert (note.status, note.attempts) == ("pending", 1)


def test_email_goes_through_smtp_after_tick(
    engine: Engine,
    world: World,
    settings: Settings,
    out_settings: Settings,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = make_case(engine, world)
    update_agency(engine, world, "police", contact_email="hate.crime.desk@police.example")
    action = make_action(
        engine,
        world,
        settings,
        case_id=case.id,
        description=DESCRIPTION.format(name=case.victim_name),
    )
    with smtp_server() as (port, inbox):
        smtp = out_settings.model_copy(
            update={
                "smtp_host": "127.0.0.1",
                "smtp_port": port,
                "smtp_from": "panel@council.example",
            }
        )
        monkeypatch.setattr("riskpanel.notifications.timers.get_settings", lambda: smtp)
        report = tick(engine)
        assert report.jobs["notifications_deliver"] == 1
        assert tick(engine).jobs["notifications_deliver"] == 0
    [(rcpt, message)] = inbox.messages
    assert rcpt == ["hate.crime.desk@police.example"]
    assert message["From"] == "panel@council.example"
    subject = str(message["Subject"]).strip()  # folded: the header is over 78 characters
    assert subject == (
        f"[riskpanel] New action {action.reference} (case {case.reference}), "
        f"due {subject.rsplit(' ', 1)[1]}"
    )
    text = message.get_content()  # type: ignore[attr-defined]
    assert f"{BASE}/api/v1/actions/{action.id}" in text
    for part in case.victim_name.split():
        assert part not in text and part not in subject
    assert "door chain" not in text
    assert _only(session).status == "sent"
    assert _log(session, _only(session).id or 0) == [(1, 250)]


def test_email_is_skipped_when_smtp_is_not_configured(
    engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    update_agency(engine, world, "police", contact_email="desk@police.example")
    make_action(engine, world, settings, case_id=make_case(engine, world).id)
    assert settings.smtp_host is None
    assert deliver_due(engine=engine, settings=settings) == 0
    note = _only(session)
    assert note.status == "skipped"
    refresh_view(session)
    assert session.exec(select(Delivery)).one().error == "SMTP is not configured"


def test_one_broken_target_does_not_stop_the_others(
    engine: Engine, world: World, settings: Settings, out_settings: Settings, session: Session
) -> None:
    case = make_case(engine, world)
    with webhook_receiver(SECRET) as receiver:
        update_agency(engine, world, "police", webhook_url="http://[::1/x", webhook_secret="s")
        update_agency(engine, world, "housing", webhook_url=receiver.url, webhook_secret=SECRET)
        make_action(engine, world, settings, case_id=case.id, agency="police")
        make_action(engine, world, settings, case_id=case.id, agency="housing")
        assert deliver_due(engine=engine, settings=out_settings) == 1
    assert len(receiver.received) == 1
    refresh_view(session)
    errors = [d.error for d in session.exec(select(Delivery).order_by(col(Delivery.id))).all()]
    assert errors[0] is not None and "not a valid URL" in errors[0] and errors[1] is None
