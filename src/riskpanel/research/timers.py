"""The research-due timer. Armed by the workflow when a case is listed: remind every
agency invited to the meeting that has not yet returned its research for the case. Armed
by a coordinator's research request: remind the agency asked, if it has not returned since."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from riskpanel.cases.transitions.repository import next_listing
from riskpanel.models import (
    Case,
    Meeting,
    ResearchRequest,
    Timer,
)
from riskpanel.notifications.service import notify_agency
from riskpanel.research import repository
from riskpanel.risk.timeframes import local_date
from riskpanel.timers.registry import timer_handler

RESEARCH_DUE = "research_due"
REQUEST_SUBJECT = "research_request"


@timer_handler(RESEARCH_DUE)
def research_due(session: Session, timer: Timer, now: datetime) -> str:
    if timer.subject_type == REQUEST_SUBJECT:
        return _requested_research_due(session, timer, now)
    case = session.get(Case, timer.subject_id)
    if case is None or case.erased_at is not None:
        return "case gone"
    if case.state != "listed":
        return f"skipped: case is {case.state}"
    meeting = next_listing(session, case.id or 0, now)
    if meeting is None or meeting.id is None:
        return "skipped: no upcoming meeting"
    returned = repository.agencies_returned_since(session, case.id or 0, case.state_entered_at)
    missing = sorted(repository.expected_agencies(session, meeting.id, case.panel_id) - returned)
    data = {
        "case_reference": case.reference,
        "due_on": local_date(timer.due_at).isoformat(),
        "meeting_on": local_date(meeting.starts_at).isoformat(),
        "path": f"/api/v1/cases/{case.id}/research",
    }
    queued = sum(
        notify_agency(
            session=session,
            agency_id=agency_id,
            kind="research.due",
            data=data,
            dedupe_key=f"timer:{timer.id}",
            today=now.date(),
        )
        for agency_id in missing
    )
    return f"reminded {len(missing)} agencies ({queued} messages)"


def _requested_research_due(session: Session, timer: Timer, now: datetime) -> str:
    """The request's agency, reminded with the listing's message if it still owes research."""
    from riskpanel.research.requests.service import message_data

    request = session.get(ResearchRequest, timer.subject_id)
    case = session.get(Case, request.case_id) if request else None
    if request is None or case is None or case.erased_at is not None:
        return "case gone"
    meeting = session.get(Meeting, request.meeting_id)
    if case.state != "listed" or meeting is None or meeting.status != "planned":
        return f"skipped: case is {case.state}"
    if repository.returned_since(session, case.id or 0, request.agency_id, request.requested_at):
        return "skipped: research returned"
    queued = notify_agency(
        session=session,
        agency_id=request.agency_id,
        kind="research.due",
        data=message_data(case, meeting, request.due_at),
        dedupe_key=f"timer:{timer.id}",
        today=now.date(),
    )
    return f"reminded 1 agencies ({queued} messages)"
