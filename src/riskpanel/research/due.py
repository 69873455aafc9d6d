"""What research is due from an agency: the coordinator's requests, and the cases whose
listing asks the agency (the research-due timer's agencies), not yet returned.

The list shows case references and meeting dates, so it is audited as a consultation; an
agency whose sharing agreement is not in force gets an empty list, as with every other
list (it receives no new disclosures).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from riskpanel.access.membership import current_member_ids
from riskpanel.access.service import agency_may_receive
from riskpanel.audit.service import record
from riskpanel.cases.facts import next_listing
from riskpanel.kit.errors import Forbidden
from riskpanel.kit.principal import Principal
from riskpanel.models import Case, Meeting, ResearchRequest, Timer, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.research.requests import RESEARCH_DUE, SUBJECT, returned_since
from riskpanel.research.schemas import ResearchDueOut
from riskpanel.research.timers import expected_agencies
from riskpanel.risk.timeframes import local_date


def _item(case: Case, meeting: Meeting, due_at: datetime, request_id: int | None) -> ResearchDueOut:
    return ResearchDueOut(
        case_id=case.id or 0,
        case_reference=case.reference,
        meeting_id=meeting.id or 0,
        meeting_at=meeting.starts_at,
        due_at=due_at,
        due_on=local_date(due_at),
        asked_by="coordinator" if request_id else "listing",
        request_id=request_id,
        return_path=f"/api/v1/cases/{case.id}/research",
    )


def _requested(session: Session, agency_id: int, now: datetime) -> list[ResearchDueOut]:
    rows = session.exec(
        select(ResearchRequest, Case, Meeting)
        .join(Case, col(Case.id) == col(ResearchRequest.case_id))
        .join(Meeting, col(Meeting.id) == col(ResearchRequest.meeting_id))
        .where(
            ResearchRequest.agency_id == agency_id,
            Case.state == "listed",
            col(Case.erased_at).is_(None),
            Meeting.status == "planned",
            col(Meeting.starts_at) >= now,
        )
    ).all()
    return [
        _item(case, meeting, req.due_at, req.id)
        for req, case, meeting in rows
        if not returned_since(session, case.id or 0, agency_id, req.requested_at)
    ]


def _by_listing(
    session: Session, agency_id: int, now: datetime, skip: set[int]
) -> list[ResearchDueOut]:
    rows = session.exec(
        select(Timer, Case)
        .join(Case, col(Case.id) == col(Timer.subject_id))
        .where(
            Timer.kind == RESEARCH_DUE,
            Timer.subject_type == "case",
            col(Timer.fired_at).is_(None),
            col(Timer.cancelled_at).is_(None),
            Case.state == "listed",
            col(Case.erased_at).is_(None),
        )
    ).all()
    due = []
    for timer, case in rows:
        meeting = next_listing(session, case.id or 0, now)
        if case.id in skip or meeting is None or meeting.id is None:
            continue
        if agency_id not in expected_agencies(session, meeting.id, case.panel_id):
            continue
        if agency_id not in current_member_ids(
            session=session, panel_id=case.panel_id, on=local_date(now)
        ):
            continue
        if not returned_since(session, case.id or 0, agency_id, case.state_entered_at):
            due.append(_item(case, meeting, timer.due_at, None))
    return due


def research_due(*, session: Session, principal: Principal) -> list[ResearchDueOut]:
    """The caller's agency's outstanding research, soonest due first."""
    if not principal.is_agency or principal.agency_id is None:
        raise Forbidden("Research is due from a partner agency.")
    now = utcnow()
    items: list[ResearchDueOut] = []
    if agency_may_receive(session, principal):
        items = _requested(session, principal.agency_id, now)
        items += _by_listing(session, principal.agency_id, now, {i.case_id for i in items})
    items.sort(key=lambda i: (i.due_at, i.case_id))
    record(
        session=session,
        principal=principal,
        action=AuditAction.CONSULTATION,
        subject_type=SUBJECT,
        purpose="research",
        fields=["case_reference", "meeting_at", "due_at"],
        detail={"case_ids": [i.case_id for i in items]},
    )
    return items
