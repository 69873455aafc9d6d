"""Research returns: submitted by an agency that can see the case, read by the panel.

A return is an agency's internal document. The coordinator and chair of the case's panel
read every return; an agency reads back only its own, never another agency's, whatever it
can otherwise see of the case. Keyword-only; the caller commits.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlmodel import Session

from riskpanel.access.service import agency_may_receive
from riskpanel.access.visible import visible_case, writable_case
from riskpanel.audit.cases import About, record_on
from riskpanel.cases.transitions.repository import next_listing
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import Forbidden, InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.models import (
    Case,
    Meeting,
    ResearchItem,
    ResearchReturn,
    utcnow,
)
from riskpanel.models.enums import AuditAction
from riskpanel.panels.service import current_member_ids
from riskpanel.research import repository
from riskpanel.research.requests.service import RESEARCH_DUE
from riskpanel.research.requests.service import SUBJECT as REQUEST_SUBJECT
from riskpanel.research.schemas import (
    ResearchDueOut,
    ResearchItemOut,
    ResearchReturnIn,
    ResearchReturnOut,
    WithheldOut,
)
from riskpanel.risk.timeframes import local_date

PURPOSE = "research"
SUBJECT = "research_return"


def submit_return(
    *,
    session: Session,
    caller: Caller,
    case_id: int,
    data: ResearchReturnIn,
) -> ResearchReturn:
    principal = caller.principal
    if not principal.is_agency or principal.agency_id is None:
        raise Forbidden("Research is returned by a partner agency.")
    case = writable_case(session, caller, case_id, "research.return")
    if data.meeting_id is not None:
        meeting = session.get(Meeting, data.meeting_id)
        if meeting is None or meeting.panel_id != case.panel_id:
            raise InvalidInput.field("meeting_id", "is not a meeting of this case's panel")
    research = ResearchReturn(
        case_id=case_id,
        agency_id=principal.agency_id,
        meeting_id=data.meeting_id,
        withheld=[w.model_dump() for w in data.withheld],
        submitted_by_user_id=principal.user_id,
        submitted_by_credential_id=principal.credential_id,
        submitted_at=utcnow(),
    )
    session.add(research)
    session.flush()
    for item in data.items:
        session.add(
            ResearchItem(research_return_id=research.id or 0, kind=item.kind, text=item.text)
        )
    session.flush()
    fields = [f"items.{i.kind}" for i in data.items] + (["withheld"] if data.withheld else [])
    about = About.case(case, About(SUBJECT, research.id))
    told = ["panel"]
    record_on(
        session, principal, AuditAction.COLLECTION, PURPOSE, about, fields=fields, recipients=told
    )
    return research


def list_returns(*, session: Session, caller: Caller, case_id: int) -> list[ResearchReturnOut]:
    """Panel roles: every return for the case. An agency: its own returns only."""
    principal = caller.principal
    case = visible_case(session, caller, case_id)
    own = principal.agency_id if principal.is_agency else None
    returns = repository.returns_of(session, case_id, own)
    about = About.case(case, About(SUBJECT, None))
    logged = ["items", "withheld"]
    detail = {"research_return_ids": [r.id for r in returns]}
    record_on(
        session, principal, AuditAction.CONSULTATION, PURPOSE, about, fields=logged, detail=detail
    )
    return views(session, returns)


def views(session: Session, returns: list[ResearchReturn]) -> list[ResearchReturnOut]:
    ids = [r.id for r in returns if r.id is not None]
    items: dict[int, list[ResearchItem]] = defaultdict(list)
    if ids:
        for item in repository.items_of(session, ids):
            items[item.research_return_id].append(item)
    agency_ids = {r.agency_id for r in returns}
    names = repository.agency_names(session, agency_ids)
    return [
        ResearchReturnOut(
            id=r.id or 0,
            case_id=r.case_id,
            agency_id=r.agency_id,
            agency_name=names.get(r.agency_id, "-"),
            meeting_id=r.meeting_id,
            items=[ResearchItemOut.model_validate(i) for i in items[r.id or 0]],
            withheld=[WithheldOut.model_validate(w) for w in r.withheld],
            submitted_at=r.submitted_at,
        )
        for r in returns
    ]


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
    rows = repository.open_requests(session, agency_id, now)
    return [
        _item(case, meeting, req.due_at, req.id)
        for req, case, meeting in rows
        if not repository.returned_since(session, case.id or 0, agency_id, req.requested_at)
    ]


def _by_listing(
    session: Session, agency_id: int, now: datetime, skip: set[int]
) -> list[ResearchDueOut]:
    rows = repository.pending_listing_timers(session, RESEARCH_DUE)
    due = []
    for timer, case in rows:
        meeting = next_listing(session, case.id or 0, now)
        if case.id in skip or meeting is None or meeting.id is None:
            continue
        if agency_id not in repository.expected_agencies(session, meeting.id, case.panel_id):
            continue
        if agency_id not in current_member_ids(
            session=session, panel_id=case.panel_id, on=local_date(now)
        ):
            continue
        if not repository.returned_since(session, case.id or 0, agency_id, case.state_entered_at):
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
    about = About(REQUEST_SUBJECT)
    logged = ["case_reference", "meeting_at", "due_at"]
    detail = {"case_ids": [i.case_id for i in items]}
    record_on(
        session, principal, AuditAction.CONSULTATION, PURPOSE, about, fields=logged, detail=detail
    )
    return items
