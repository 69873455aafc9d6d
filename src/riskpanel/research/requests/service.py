"""Research requests: the coordinator asks member agencies for research on a listed case.

Listing a case already asks the panel's agencies (the research-due timer reminds the ones
that have not returned by three working days before the meeting); a request asks named
agencies, or every member, with a due day the coordinator picks. Each asked agency is told
at once with the same ``research.due`` notification the listing's timer sends, and the same
timer kind reminds it at the due time if it has still not returned. Keyword-only; the
caller commits.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from riskpanel.access.membership import current_member_ids, sharing_agreement_in_force
from riskpanel.access.relations import WriteObject, require
from riskpanel.access.visible import visible_case
from riskpanel.audit.cases import About, record_on
from riskpanel.cases.transitions.repository import next_listing
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import Conflict, InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.models import Agency, Case, Meeting, ResearchRequest, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.notifications.service import notify_agency
from riskpanel.research import repository
from riskpanel.research.schemas import ResearchRequestIn, ResearchRequestOut
from riskpanel.risk.timeframes import DEFAULT_TIMEZONE, local_date
from riskpanel.timers import service as timers

PURPOSE = "research"
SUBJECT = "research_request"
RESEARCH_DUE = "research_due"


def due_moment(due_on: date, meeting: Meeting) -> datetime:
    """The due day at the meeting's time of day, as listing's working-day deadline keeps it."""
    zone = ZoneInfo(DEFAULT_TIMEZONE)
    at = meeting.starts_at.astimezone(zone)
    return datetime.combine(due_on, at.time().replace(tzinfo=None), tzinfo=zone)


def message_data(case: Case, meeting: Meeting, due_at: datetime) -> dict[str, str]:
    """The ``research.due`` payload, shaped as the listing's timer shapes it."""
    return {
        "case_reference": case.reference,
        "due_on": local_date(due_at).isoformat(),
        "meeting_on": local_date(meeting.starts_at).isoformat(),
        "path": f"/api/v1/cases/{case.id}/research",
    }


def _listed_meeting(session: Session, case: Case, now: datetime) -> Meeting:
    meeting = next_listing(session, case.id or 0, now) if case.state == "listed" else None
    if meeting is None:
        raise Conflict(
            "Research is asked for a case listed on the agenda of an upcoming meeting; "
            f"this case is {case.state.replace('_', ' ')}."
        )
    return meeting


def _check_due(due_on: date, meeting: Meeting, now: datetime) -> datetime:
    due_at = due_moment(due_on, meeting)
    if due_on < local_date(now) or due_at <= now:
        raise InvalidInput.field("due_on", "is in the past")
    if due_on > local_date(meeting.starts_at):
        raise InvalidInput.field(
            "due_on", f"is after the meeting on {local_date(meeting.starts_at).isoformat()}"
        )
    return min(due_at, meeting.starts_at)


def _agencies_to_ask(
    session: Session, panel_id: int, data: ResearchRequestIn, today: date
) -> list[Agency]:
    """Current members with their sharing agreement in force: any other could not open the
    case to return anything."""
    members = current_member_ids(session=session, panel_id=panel_id, on=today)
    wanted = sorted(members) if data.all_members else list(dict.fromkeys(data.agency_ids or []))
    outside = [a for a in wanted if a not in members]
    if outside:
        listed = ", ".join(str(a) for a in outside)
        raise InvalidInput.field("agency_ids", f"not current members of the panel: {listed}")
    agencies = [session.get(Agency, a) for a in wanted]
    usable = [a for a in agencies if a and a.active and sharing_agreement_in_force(a, on=today)]
    if not data.all_members and len(usable) != len(wanted):
        lacking = ", ".join(str(a) for a in wanted if a not in {u.id for u in usable})
        raise InvalidInput.field(
            "agency_ids", f"no sharing agreement in force (or not active): {lacking}"
        )
    if not usable:
        raise InvalidInput.field(
            "all_members", "no current member has its sharing agreement in force"
        )
    return usable


def _ask(
    session: Session,
    principal: Principal,
    case: Case,
    meeting: Meeting,
    agency_id: int,
    due_at: datetime,
    now: datetime,
) -> ResearchRequest:
    """One agency's request: new, or the earlier one for this meeting with its due time moved."""
    request = repository.request_for(session, case.id, meeting.id, agency_id) or ResearchRequest(
        case_id=case.id or 0, meeting_id=meeting.id or 0, agency_id=agency_id, due_at=due_at
    )
    if request.id is not None:
        timers.cancel(
            session=session, subject_type=SUBJECT, subject_id=request.id, kinds={RESEARCH_DUE}
        )
    request.due_at, request.requested_at = due_at, now
    request.requested_by_user_id = principal.user_id
    session.add(request)
    session.flush()
    timers.arm(
        session=session,
        kind=RESEARCH_DUE,
        subject_type=SUBJECT,
        subject_id=request.id or 0,
        due_at=due_at,
        case_id=case.id,
    )
    notify_agency(
        session=session,
        agency_id=agency_id,
        kind="research.due",
        data=message_data(case, meeting, due_at),
        dedupe_key=f"{SUBJECT}:{request.id}:{due_at.isoformat()}",
    )
    return request


def request_research(
    *,
    session: Session,
    caller: Caller,
    case_id: int,
    data: ResearchRequestIn,
) -> list[ResearchRequestOut]:
    principal = caller.principal
    case = visible_case(session, caller, case_id)
    require(
        session=session,
        principal=principal,
        operation="research.request",
        obj=WriteObject(case=case),
    )
    now = utcnow()
    meeting = _listed_meeting(session, case, now)
    due_at = _check_due(data.due_on, meeting, now)
    agencies = _agencies_to_ask(session, case.panel_id, data, local_date(now))
    requests = [_ask(session, principal, case, meeting, a.id or 0, due_at, now) for a in agencies]
    detail = {
        "research_request_ids": [r.id for r in requests],
        "agency_ids": [a.id for a in agencies],
        "meeting_id": meeting.id,
        "due_at": due_at.isoformat(),
    }
    record_on(
        session,
        principal,
        AuditAction.DISCLOSURE,
        PURPOSE,
        About.case(case, About(SUBJECT, None)),
        fields=["case_reference", "meeting_on", "due_on"],
        recipients=[a.name for a in agencies],
        detail=detail,
    )
    names = {a.id: a.name for a in agencies}
    return [view(r, case, meeting, names[r.agency_id], returned=False) for r in requests]


def view(
    request: ResearchRequest, case: Case, meeting: Meeting, agency_name: str, *, returned: bool
) -> ResearchRequestOut:
    return ResearchRequestOut(
        id=request.id or 0,
        case_id=case.id or 0,
        case_reference=case.reference,
        meeting_id=meeting.id or 0,
        meeting_at=meeting.starts_at,
        agency_id=request.agency_id,
        agency_name=agency_name,
        due_at=request.due_at,
        due_on=local_date(request.due_at),
        requested_at=request.requested_at,
        returned=returned,
    )
