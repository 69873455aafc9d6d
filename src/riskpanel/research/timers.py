"""The research-due timer (armed by the workflow when a case is listed): remind every
agency invited to the meeting that has not yet returned its research for the case."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from riskpanel.cases.facts import next_listing
from riskpanel.models import Case, MeetingInvite, PanelMembership, ResearchReturn, Timer
from riskpanel.notifications.service import notify_agency
from riskpanel.risk.timeframes import local_date
from riskpanel.timers.registry import timer_handler

RESEARCH_DUE = "research_due"


def _expected_agencies(session: Session, meeting_id: int, panel_id: int) -> set[int]:
    invited = set(
        session.exec(select(MeetingInvite.agency_id).where(MeetingInvite.meeting_id == meeting_id))
    )
    if invited:
        return invited
    return set(
        session.exec(
            select(PanelMembership.agency_id).where(
                PanelMembership.panel_id == panel_id, col(PanelMembership.left_on).is_(None)
            )
        )
    )


@timer_handler(RESEARCH_DUE)
def research_due(session: Session, timer: Timer, now: datetime) -> str:
    case = session.get(Case, timer.subject_id)
    if case is None or case.erased_at is not None:
        return "case gone"
    if case.state != "listed":
        return f"skipped: case is {case.state}"
    meeting = next_listing(session, case.id or 0, now)
    if meeting is None or meeting.id is None:
        return "skipped: no upcoming meeting"
    returned = set(
        session.exec(
            select(ResearchReturn.agency_id).where(
                ResearchReturn.case_id == case.id,
                col(ResearchReturn.submitted_at) >= case.state_entered_at,
            )
        )
    )
    missing = sorted(_expected_agencies(session, meeting.id, case.panel_id) - returned)
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
