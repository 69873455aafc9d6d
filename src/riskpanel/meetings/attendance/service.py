"""Attendance: who came for which agency, who signed the confidentiality statement, who sent
apologies and what absent agencies sent in, and when. It is part of the minutes' audit trail,
so it is locked once the latest version of the minutes is approved.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from riskpanel.kit.errors import Conflict, InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.kit.schemas import attributes
from riskpanel.meetings import repository as repo
from riskpanel.meetings.attendance.schemas import AttendanceIn, AttendanceOut, AttendeeOut
from riskpanel.meetings.minutes import repository as minutes_repo
from riskpanel.meetings.repository import handling_statement
from riskpanel.meetings.service import audit, locked_meeting, visible_meeting
from riskpanel.models import Attendance, Meeting, utcnow
from riskpanel.models.enums import AuditAction


def read_attendance(*, session: Session, principal: Principal, meeting_id: int) -> AttendanceOut:
    """Who attended and signed the confidentiality statement; reading it is logged."""
    meeting = visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    out = _out(session, meeting)
    _audit(session, principal, AuditAction.CONSULTATION, meeting_id)
    return out


def _audit(
    session: Session,
    principal: Principal,
    action: AuditAction,
    meeting_id: int,
    detail: dict[str, int] | None = None,
) -> None:
    """Reading and saving the attendance log the same fields, for the minutes' record."""
    audit(session, principal, action, "meeting_attendance", meeting_id, detail=detail, **_LOGGED)


_LOGGED: dict[str, Any] = {
    "fields": ["attendees", "confidentiality_signed", "information_sent"],
    "purpose": "meeting_record",
}


def _out(session: Session, meeting: Meeting) -> AttendanceOut:
    assert meeting.id is not None
    return AttendanceOut(
        meeting_id=meeting.id,
        confidentiality_statement=handling_statement(session, meeting),
        attendees=[AttendeeOut.model_validate(a) for a in repo.attendance(session, meeting.id)],
        row_version=meeting.row_version,
    )


def _check_agencies(session: Session, meeting: Meeting, data: AttendanceIn) -> None:
    """Present and absent agencies must be invited; observers may come from anywhere."""
    invited = set(repo.invited_agency_ids(session, meeting.id or 0))
    known = repo.agencies_by_id(session, (a.agency_id for a in data.attendees))
    for index, attendee in enumerate(data.attendees):
        if attendee.agency_id is None:
            continue
        if attendee.agency_id not in known:
            raise InvalidInput.field(f"attendees.{index}.agency_id", "no such agency")
        if attendee.status != "observer" and attendee.agency_id not in invited:
            raise InvalidInput.field(
                f"attendees.{index}.agency_id", "is not invited to this meeting"
            )


# What an attendance row takes from the attendee as sent.
_COPIED = (
    "agency_id",
    "status",
    "confidentiality_signed",
    "information_sent_at",
    "information_summary",
)


def _replace_rows(session: Session, meeting_id: int, data: AttendanceIn) -> None:
    """Swap the rows; someone who signed before keeps the time they first signed."""
    previous = repo.attendance(session, meeting_id)
    signed_before = {
        (a.agency_id, a.attendee_name): a.signed_at for a in previous if a.confidentiality_signed
    }
    for row in previous:
        session.delete(row)
    session.flush()
    now = utcnow()
    for attendee in data.attendees:
        signed_at = None
        if attendee.confidentiality_signed:
            signed_at = signed_before.get((attendee.agency_id, attendee.name)) or now
        copied = attributes(attendee, _COPIED, attendee_name="name", attendee_role="role")
        session.add(Attendance(**copied, meeting_id=meeting_id, signed_at=signed_at))


def save_attendance(
    *,
    session: Session,
    principal: Principal,
    meeting_id: int,
    data: AttendanceIn,
    expected_version: int,
) -> AttendanceOut:
    """Replace the attendance list, keeping the time each person first signed."""
    meeting = locked_meeting(session, principal, meeting_id, expected_version)
    latest = minutes_repo.latest_minutes(session, meeting_id)
    if latest is not None and latest.status == "approved":
        raise Conflict(
            "The minutes are approved, so attendance is locked; ask for a correction first."
        )
    _check_agencies(session, meeting, data)
    _replace_rows(session, meeting_id, data)
    meeting.row_version += 1
    session.add(meeting)
    _audit(
        session, principal, AuditAction.COLLECTION, meeting_id, {"attendees": len(data.attendees)}
    )
    session.flush()
    return _out(session, meeting)
