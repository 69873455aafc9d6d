"""Attendance endpoints: read and record who attended a meeting.

The attendance shares the meeting's ETag: recording it is a change of the meeting.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response
from sqlmodel import Session

from riskpanel.api.caller import commit_with_etag
from riskpanel.api.deps import get_session
from riskpanel.kit.concurrency import expected_version
from riskpanel.meetings.access import AttendanceWriter, PanelCaller
from riskpanel.meetings.attendance import service
from riskpanel.meetings.attendance.schemas import AttendanceIn, AttendanceOut
from riskpanel.meetings.projections import meeting_etag

router = APIRouter()
DbSession = Annotated[Session, Depends(get_session)]
IfMatch = Annotated[str | None, Header(description="The meeting's current ETag.")]


@router.get("/{meeting_id}/attendance", response_model=AttendanceOut, summary="Read the attendance")
def read_attendance(
    meeting_id: int, response: Response, session: DbSession, caller: PanelCaller
) -> AttendanceOut:
    """Recorded in the access log."""
    out = service.read_attendance(
        session=session, principal=caller.principal, meeting_id=meeting_id
    )
    commit_with_etag(session, response, meeting_etag(meeting_id, out.row_version))
    return out


@router.put(
    "/{meeting_id}/attendance", response_model=AttendanceOut, summary="Record the attendance"
)
def save_attendance(
    meeting_id: int,
    data: AttendanceIn,
    response: Response,
    session: DbSession,
    caller: AttendanceWriter,
    if_match: IfMatch = None,
) -> AttendanceOut:
    """Each attendee with agency and role, and whether they signed the panel's
    confidentiality statement; observers; apologies, with what absent agencies sent and when."""
    out = service.save_attendance(
        session=session,
        principal=caller.principal,
        meeting_id=meeting_id,
        data=data,
        expected_version=expected_version(if_match, kind="meeting", object_id=meeting_id),
    )
    commit_with_etag(session, response, meeting_etag(meeting_id, out.row_version))
    return out
