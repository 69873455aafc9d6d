"""Meeting endpoints: plan, list, read, move a meeting and download its invitation. Thin:
parse, authorise, call a service, shape the response. The agenda, attendance, minutes and
documents are sub-domains with routers of their own, included here so the app mounts a
single ``router`` for the domain (in this order, which is the OpenAPI document's order).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from sqlmodel import Session

from riskpanel.api.caller import commit_with_etag
from riskpanel.api.deps import get_session
from riskpanel.kit.concurrency import expected_version
from riskpanel.meetings import service
from riskpanel.meetings.access import Planner, ReaderCaller
from riskpanel.meetings.agenda.api import router as agenda_router
from riskpanel.meetings.attendance.api import router as attendance_router
from riskpanel.meetings.documents.api import router as documents_router
from riskpanel.meetings.minutes.api import router as minutes_router
from riskpanel.meetings.projections import meeting_etag, meeting_out
from riskpanel.meetings.schemas import MeetingCreate, MeetingOut, MeetingPage, MeetingUpdate

router = APIRouter(prefix="/meetings", tags=["meetings"])
DbSession = Annotated[Session, Depends(get_session)]
Planner = Planner
IfMatch = Annotated[str | None, Header(description="The meeting's current ETag.")]


@router.post("", status_code=201, response_model=MeetingOut, summary="Plan a meeting")
def create_meeting(
    data: MeetingCreate, request: Request, response: Response, session: DbSession, caller: Planner
) -> MeetingOut:
    """Invites the panel's member agencies unless a list is given; the referral cut-off
    defaults to the panel's `referral_cutoff_days` before the start."""
    meeting = service.create_meeting(session=session, caller=caller, data=data)
    out = meeting_out(session, meeting, caller.settings)
    commit_with_etag(session, response, meeting_etag(meeting.id, meeting.row_version))
    response.headers["Location"] = f"{request.url.path}/{meeting.id}"
    return out


@router.get("", response_model=MeetingPage, summary="List meetings")
def list_meetings(
    session: DbSession,
    caller: ReaderCaller,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> MeetingPage:
    """Panel roles see their panel's meetings; an agency sees the meetings it is invited to.
    Listing is recorded in the access log."""
    page = service.list_meetings(session=session, caller=caller, limit=limit, cursor=cursor)
    session.commit()
    return page


@router.get("/{meeting_id}", response_model=MeetingOut, summary="Read a meeting")
def read_meeting(
    meeting_id: int, response: Response, session: DbSession, caller: ReaderCaller
) -> MeetingOut:
    """Recorded in the access log, like a case read."""
    meeting, out = service.read_meeting(session=session, caller=caller, meeting_id=meeting_id)
    commit_with_etag(session, response, meeting_etag(meeting.id, meeting.row_version))
    return out


@router.patch("/{meeting_id}", response_model=MeetingOut, summary="Move or re-invite")
def update_meeting(
    meeting_id: int,
    data: MeetingUpdate,
    response: Response,
    session: DbSession,
    caller: Planner,
    if_match: IfMatch = None,
) -> MeetingOut:
    version = expected_version(if_match, kind="meeting", object_id=meeting_id)
    meeting = service.update_meeting(
        session=session, caller=caller, meeting_id=meeting_id, data=data, expected_version=version
    )
    out = meeting_out(session, meeting, caller.settings)
    commit_with_etag(session, response, meeting_etag(meeting.id, meeting.row_version))
    return out


@router.get(
    "/{meeting_id}/invite.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
    summary="Calendar invitation",
)
def invitation(meeting_id: int, session: DbSession, caller: ReaderCaller) -> Response:
    """iCalendar with the invited agencies' contact addresses; no case data at all.
    Each download is recorded in the access log."""
    body = service.invitation_download(session=session, caller=caller, meeting_id=meeting_id)
    session.commit()
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="meeting-{meeting_id}.ics"'},
    )


router.include_router(agenda_router)
router.include_router(attendance_router)
router.include_router(minutes_router)
router.include_router(documents_router)
