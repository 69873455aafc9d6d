"""Meeting endpoints: meetings, invitations, agendas and attendance. Thin: parse, authorise,
call a service, shape the response. Minutes and documents live in their own routers, which
this one includes so the app mounts a single ``router`` for the domain.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from sqlmodel import Session

from riskpanel.api.access import allow, authority
from riskpanel.api.deps import get_session
from riskpanel.cases.workflows import get_workflows
from riskpanel.config import Settings
from riskpanel.kit.concurrency import etag, expected_version
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.meetings import agenda, agenda_edit, attendance, ics, service
from riskpanel.meetings.api_documents import router as documents_router
from riskpanel.meetings.api_minutes import router as minutes_router
from riskpanel.meetings.schemas import (
    AgendaIn,
    AgendaOut,
    AgendaProposal,
    AttendanceIn,
    AttendanceOut,
    MeetingCreate,
    MeetingOut,
    MeetingPage,
    MeetingUpdate,
)

router = APIRouter(prefix="/meetings", tags=["meetings"])
DbSession = Annotated[Session, Depends(get_session)]
PanelRole = Annotated[Principal, Depends(allow(Role.COORDINATOR, Role.CHAIR))]
Reader = Annotated[
    Principal, Depends(allow(Role.COORDINATOR, Role.CHAIR, Role.AGENCY, Role.AGENCY_CLIENT))
]
IfMatch = Annotated[str | None, Header(description="The meeting's current ETag.")]


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def meeting_etag(meeting_id: int | None, row_version: int) -> str:
    return etag("meeting", meeting_id, row_version)


@router.post("", status_code=201, response_model=MeetingOut, summary="Plan a meeting")
def create_meeting(
    data: MeetingCreate,
    request: Request,
    response: Response,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("meetings.plan"))],
) -> MeetingOut:
    """Invites the panel's member agencies unless a list is given; the referral cut-off
    defaults to the panel's `referral_cutoff_days` before the start."""
    settings = settings_of(request)
    meeting = service.create_meeting(
        session=session, principal=principal, data=data, settings=settings
    )
    out = service.meeting_out(session, meeting, settings)
    session.commit()
    response.headers["ETag"] = meeting_etag(meeting.id, meeting.row_version)
    response.headers["Location"] = f"{request.url.path}/{meeting.id}"
    return out


@router.get("", response_model=MeetingPage, summary="List meetings")
def list_meetings(
    request: Request,
    session: DbSession,
    principal: Reader,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> MeetingPage:
    """Panel roles see their panel's meetings; an agency sees the meetings it is invited to.
    Listing is recorded in the access log."""
    page = service.list_meetings(
        session=session,
        principal=principal,
        settings=settings_of(request),
        limit=limit,
        cursor=cursor,
    )
    session.commit()
    return page


@router.get("/{meeting_id}", response_model=MeetingOut, summary="Read a meeting")
def read_meeting(
    meeting_id: int, request: Request, response: Response, session: DbSession, principal: Reader
) -> MeetingOut:
    """Recorded in the access log, like a case read."""
    meeting, out = service.read_meeting(
        session=session, principal=principal, meeting_id=meeting_id, settings=settings_of(request)
    )
    session.commit()
    response.headers["ETag"] = meeting_etag(meeting.id, meeting.row_version)
    return out


@router.patch("/{meeting_id}", response_model=MeetingOut, summary="Move or re-invite")
def update_meeting(
    meeting_id: int,
    data: MeetingUpdate,
    request: Request,
    response: Response,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("meetings.plan"))],
    if_match: IfMatch = None,
) -> MeetingOut:
    settings = settings_of(request)
    meeting = service.update_meeting(
        session=session,
        principal=principal,
        meeting_id=meeting_id,
        data=data,
        expected_version=expected_version(if_match, kind="meeting", object_id=meeting_id),
        settings=settings,
    )
    out = service.meeting_out(session, meeting, settings)
    session.commit()
    response.headers["ETag"] = meeting_etag(meeting.id, meeting.row_version)
    return out


@router.get(
    "/{meeting_id}/invite.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
    summary="Calendar invitation",
)
def invitation(
    meeting_id: int, request: Request, session: DbSession, principal: Reader
) -> Response:
    """iCalendar with the invited agencies' contact addresses; no case data at all.
    Each download is recorded in the access log."""
    body = ics.invitation_download(
        session=session, principal=principal, meeting_id=meeting_id, settings=settings_of(request)
    )
    session.commit()
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="meeting-{meeting_id}.ics"'},
    )


@router.get(
    "/{meeting_id}/agenda/proposal", response_model=AgendaProposal, summary="Propose an agenda"
)
def propose_agenda(
    meeting_id: int, request: Request, session: DbSession, principal: PanelRole
) -> AgendaProposal:
    """Built from the cases waiting, in DOMAIN order; cases referred after the cut-off are
    listed under `deferred`. Nothing is saved: edit it and PUT the agenda."""
    proposal = agenda.propose_agenda(
        session=session, principal=principal, meeting_id=meeting_id, settings=settings_of(request)
    )
    session.commit()
    return proposal


@router.get("/{meeting_id}/agenda", response_model=AgendaOut, summary="Read the agenda")
def read_agenda(
    meeting_id: int, request: Request, response: Response, session: DbSession, principal: Reader
) -> AgendaOut:
    out = agenda_edit.read_agenda(
        session=session, principal=principal, meeting_id=meeting_id, settings=settings_of(request)
    )
    session.commit()
    response.headers["ETag"] = meeting_etag(meeting_id, out.row_version)
    return out


@router.put("/{meeting_id}/agenda", response_model=AgendaOut, summary="Save the agenda")
def save_agenda(
    meeting_id: int,
    data: AgendaIn,
    request: Request,
    response: Response,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("meetings.agenda"))],
    if_match: IfMatch = None,
) -> AgendaOut:
    """Replaces the agenda. Sections keep DOMAIN order and cases with children come first;
    accepted cases newly on it are listed through the workflow (`list_for_meeting`)."""
    settings = settings_of(request)
    out = agenda_edit.save_agenda(
        session=session,
        principal=principal,
        meeting_id=meeting_id,
        data=data,
        expected_version=expected_version(if_match, kind="meeting", object_id=meeting_id),
        settings=settings,
        workflows=get_workflows(settings),
    )
    session.commit()
    response.headers["ETag"] = meeting_etag(meeting_id, out.row_version)
    return out


@router.get("/{meeting_id}/attendance", response_model=AttendanceOut, summary="Read the attendance")
def read_attendance(
    meeting_id: int, response: Response, session: DbSession, principal: PanelRole
) -> AttendanceOut:
    """Recorded in the access log."""
    out = attendance.read_attendance(session=session, principal=principal, meeting_id=meeting_id)
    session.commit()
    response.headers["ETag"] = meeting_etag(meeting_id, out.row_version)
    return out


@router.put(
    "/{meeting_id}/attendance", response_model=AttendanceOut, summary="Record the attendance"
)
def save_attendance(
    meeting_id: int,
    data: AttendanceIn,
    response: Response,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("meetings.attendance"))],
    if_match: IfMatch = None,
) -> AttendanceOut:
    """Each attendee with agency and role, and whether they signed the panel's
    confidentiality statement; observers; apologies, with what absent agencies sent and when."""
    out = attendance.save_attendance(
        session=session,
        principal=principal,
        meeting_id=meeting_id,
        data=data,
        expected_version=expected_version(if_match, kind="meeting", object_id=meeting_id),
    )
    session.commit()
    response.headers["ETag"] = meeting_etag(meeting_id, out.row_version)
    return out


router.include_router(minutes_router)
router.include_router(documents_router)
