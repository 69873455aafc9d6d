"""The saved agenda as readers see it: each item with its expected local start time.

The documents print the same times, so both read them from here.
"""

from __future__ import annotations

from datetime import time, timedelta

from sqlmodel import Session

from riskpanel.meetings import repository as repo
from riskpanel.meetings.agenda.schemas import AgendaItemOut, AgendaOut
from riskpanel.meetings.thresholds import MeetingRules
from riskpanel.models import AgendaItem, Meeting


def item_times(meeting: Meeting, rules: MeetingRules, items: list[AgendaItem]) -> list[time]:
    """Each item's expected local start: the opening, then the slots in agenda order."""
    clock = rules.local(meeting.starts_at) + timedelta(minutes=rules.opening_minutes)
    times = []
    for item in items:
        times.append(clock.time().replace(second=0, microsecond=0))
        clock += timedelta(minutes=item.slot_minutes)
    return times


def agenda_out(
    session: Session, meeting: Meeting, rules: MeetingRules, listed: list[int] | None = None
) -> AgendaOut:
    assert meeting.id is not None
    items = repo.agenda_items(session, meeting.id)
    cases = repo.cases_by_id(session, (i.case_id for i in items if i.case_id))
    expected = rules.opening_minutes + sum(i.slot_minutes for i in items)
    return AgendaOut(
        meeting_id=meeting.id,
        items=[
            AgendaItemOut(
                id=item.id or 0,
                section=item.section,
                case_id=item.case_id,
                case_reference=cases[item.case_id].reference if item.case_id else None,
                position=item.position,
                slot_minutes=item.slot_minutes,
                title=item.title,
                starts_at=at,
            )
            for item, at in zip(items, item_times(meeting, rules, items), strict=True)
        ],
        expected_length_minutes=expected,
        planned_length_minutes=meeting.duration_minutes,
        overruns=expected > meeting.duration_minutes,
        listed_case_ids=listed or [],
        row_version=meeting.row_version,
    )
