"""The minutes-due timer: counted in UK working days, fired once when no version is approved."""

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
from tests.meetings.factories import create_meeting

API = "/api/v1/meetings"


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
