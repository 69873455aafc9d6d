"""Firing due timers inside one transaction, as the demo's replay does between its steps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlmodel import Session

from riskpanel.models import Timer, utcnow
from riskpanel.timers import service as timers
from riskpanel.timers.registry import TIMER_HANDLERS

KIND = "replay_test"


@pytest.fixture
def handler() -> Iterator[list[tuple[int, datetime]]]:
    """A handler that records what it fired and cancels its partner timer (subject + 1)."""
    calls: list[tuple[int, datetime]] = []

    def fire(session: Session, timer: Timer, now: datetime) -> str:
        calls.append((timer.subject_id, now))
        timers.cancel(
            session=session, subject_type="t", subject_id=timer.subject_id + 1, kinds={KIND}
        )
        return "fired"

    TIMER_HANDLERS[KIND] = fire
    yield calls
    del TIMER_HANDLERS[KIND]


def test_due_timers_fire_in_order_and_cancelled_ones_do_not(
    session: Session, handler: list[tuple[int, datetime]]
) -> None:
    now = utcnow()
    for subject, days_ago in ((1, 3), (2, 2), (5, 1), (7, -1)):
        timers.arm(
            session=session,
            kind=KIND,
            subject_type="t",
            subject_id=subject,
            due_at=now - timedelta(days=days_ago),
        )
    session.flush()
    assert timers.next_due(session=session, until=now) == now - timedelta(days=3)
    assert timers.next_due(session=session, until=now - timedelta(days=4)) is None

    fired = timers.fire_due(session=session, now=now)

    assert fired == 2  # 1 fired and cancelled 2; 5 fired; 7 is not due yet
    assert handler == [(1, now), (5, now)]
    assert timers.next_due(session=session, until=now) is None
    assert timers.next_due(session=session, until=now + timedelta(days=2)) is not None
    session.rollback()
