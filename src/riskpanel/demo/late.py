"""Late listing in the demo: after a meeting's agenda is set, a case accepted since its
referral cut-off that cannot wait for the next meeting is asked onto it by the coordinator,
with the reason; the chair agrees, and the coordinator lists it through the agenda service,
like any other case, before the agencies' research is due.
"""

from __future__ import annotations

from datetime import datetime

from riskpanel.demo import texts
from riskpanel.demo.context import Demo
from riskpanel.demo.intake import demo_cases
from riskpanel.kit.caller import Caller
from riskpanel.meetings.agenda.schemas import AgendaIn, AgendaItemIn
from riskpanel.meetings.agenda.service import hearing_section, read_agenda, save_agenda
from riskpanel.meetings.late_listing.service import agree_late_listing, request_late_listing
from riskpanel.models import Meeting


def _late_case(demo: Demo, meeting: Meeting) -> int | None:
    """The highest-risk case accepted after the cut-off (the first one, when level)."""
    late = [
        demo.case(case_id)
        for case_id in demo_cases(demo, "accepted")
        if demo.case(case_id).last_referral_at > meeting.referral_cutoff_at
    ]
    if not late:
        return None
    late.sort(key=lambda c: (c.risk_level != "high", c.last_referral_at, c.id))
    return late[0].id


def late_listing(demo: Demo, number: int, _moment: datetime) -> None:
    """Every other meeting, when a case came in too late for its agenda."""
    meeting = demo.session.get(Meeting, demo.meeting_ids[number])
    assert meeting is not None and meeting.id is not None
    case_id = _late_case(demo, meeting) if number % 2 else None
    if case_id is None:
        return
    reason = texts.LATE_LISTING[number // 2 % len(texts.LATE_LISTING)]
    request_late_listing(
        session=demo.session,
        principal=demo.coordinator,
        meeting_id=meeting.id,
        case_id=case_id,
        reason=reason,
    )
    agree_late_listing(
        session=demo.session, principal=demo.chair, meeting_id=meeting.id, case_id=case_id
    )
    coordinator = Caller(principal=demo.coordinator, settings=demo.settings)
    agenda = read_agenda(session=demo.session, caller=coordinator, meeting_id=meeting.id)
    items = [
        AgendaItemIn(
            section=item.section,
            case_id=item.case_id,
            position=item.position,
            slot_minutes=item.slot_minutes,
            title=None if item.case_id else item.title,
        )
        for item in agenda.items
    ]
    section = hearing_section(demo.case(case_id))
    items.append(AgendaItemIn(section=section, case_id=case_id, position=len(items) + 1))
    save_agenda(
        session=demo.session,
        caller=coordinator,
        meeting_id=meeting.id,
        data=AgendaIn(items=items),
        expected_version=meeting.row_version,
        workflows=demo.workflows,
    )
    demo.tally["late_listings"] += 1
