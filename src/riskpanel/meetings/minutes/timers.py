"""The minutes-due timer: minutes go out within 3 working days of a meeting.

The rule is docs/DOMAIN.md section 5.

Armed when the meeting is created (and again, idempotently, when a case is heard); moved
when the meeting moves. When it fires and no version of the minutes is approved, the meeting
is marked ``minutes_overdue`` and the panel's coordinators are told through the outbox.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from riskpanel.config import get_settings
from riskpanel.meetings.minutes import repository as minutes_repo
from riskpanel.meetings.thresholds import MeetingRules
from riskpanel.models import Meeting, Panel, Timer
from riskpanel.notifications.messages import KINDS
from riskpanel.notifications.service import notify_coordinators
from riskpanel.timers.registry import timer_handler
from riskpanel.timers.service import arm, cancel

MINUTES_DUE = "minutes_due"
MINUTES_OVERDUE = "minutes.overdue"  # notification kind
SUBJECT = "meeting"


def arm_minutes_due(*, session: Session, meeting: Meeting, rules: MeetingRules) -> Timer | None:
    assert meeting.id is not None
    return arm(
        session=session,
        kind=MINUTES_DUE,
        subject_type=SUBJECT,
        subject_id=meeting.id,
        due_at=rules.minutes_due_at(meeting.starts_at),
    )


def rearm_minutes_due(*, session: Session, meeting: Meeting, rules: MeetingRules) -> None:
    assert meeting.id is not None
    cancel(session=session, subject_type=SUBJECT, subject_id=meeting.id, kinds={MINUTES_DUE})
    arm_minutes_due(session=session, meeting=meeting, rules=rules)


@timer_handler(MINUTES_DUE)
def minutes_due(session: Session, timer: Timer, now: datetime) -> str:
    meeting = session.get(Meeting, timer.subject_id)
    if meeting is None:
        return "meeting_gone"
    if any(
        m.status == "approved" for m in minutes_repo.minutes_versions(session, timer.subject_id)
    ):
        return "minutes_approved"
    meeting.status = "minutes_overdue"
    meeting.row_version += 1
    session.add(meeting)
    told = _tell_coordinators(session, meeting)
    return f"minutes_overdue; {told} coordinator(s) told" if told else "minutes_overdue"


def _tell_coordinators(session: Session, meeting: Meeting) -> int:
    """Through the notification outbox, once the outbox knows a minutes-overdue message."""
    if MINUTES_OVERDUE not in KINDS:
        return 0
    panel = session.get(Panel, meeting.panel_id)
    assert panel is not None
    rules = MeetingRules.for_panel(panel, get_settings())
    return notify_coordinators(
        session=session,
        panel_id=meeting.panel_id,
        kind=MINUTES_OVERDUE,
        data={
            "meeting_on": rules.local(meeting.starts_at).date().isoformat(),
            "due_on": rules.minutes_due_on(meeting.starts_at).isoformat(),
            "path": f"/meetings/{meeting.id}/minutes",
        },
        dedupe_key=f"meeting:{meeting.id}:minutes_overdue",
    )
