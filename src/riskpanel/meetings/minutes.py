"""Minutes as versions: the chair approves a version and it is locked for good; a correction
is a new draft version (with its reason) that copies the last one and supersedes it once
approved. Nothing ever edits an approved version, so what agencies received stays provable.
"""

from __future__ import annotations

from sqlmodel import Session

from riskpanel.audit.service import record
from riskpanel.config import Settings
from riskpanel.kit.concurrency import check_version, expected_version
from riskpanel.kit.errors import Conflict, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.meetings import repository as repo
from riskpanel.meetings.hearing import (
    MINUTED_SECTIONS,
    case_minutes_out,
    check_meeting_day,
    editable_minutes,
)
from riskpanel.meetings.schemas import MinutesOut, MinutesVersion
from riskpanel.meetings.service import locked_meeting, visible_meeting
from riskpanel.models import Meeting, MinuteEntry, Minutes, SharedInformation, utcnow
from riskpanel.models.enums import AuditAction


def minutes_out(session: Session, meeting: Meeting, minutes: Minutes) -> MinutesOut:
    assert minutes.id is not None and meeting.id is not None
    return MinutesOut(
        meeting_id=meeting.id,
        minutes_id=minutes.id,
        version=minutes.version,
        status=minutes.status,
        approved_by_user_id=minutes.approved_by_user_id,
        approved_at=minutes.approved_at,
        correction_reason=minutes.correction_reason,
        cases=[
            case_minutes_out(session, meeting, minutes, e.case_id)
            for e in repo.minute_entries(session, minutes.id)
        ],
        versions=[
            MinutesVersion.model_validate(m) for m in repo.minutes_versions(session, meeting.id)
        ],
        row_version=minutes.row_version,
    )


def read_minutes(
    *, session: Session, principal: Principal, meeting_id: int, version: int | None = None
) -> MinutesOut:
    """The latest version, or the one asked for; reading is logged like any case read."""
    meeting = visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    versions = repo.minutes_versions(session, meeting_id)
    chosen = (
        versions[-1]
        if version is None
        else next((m for m in versions if m.version == version), None)
    )
    if chosen is None:
        raise NotFound("The minutes have no such version.")
    out = minutes_out(session, meeting, chosen)
    record(
        session=session,
        principal=principal,
        action=AuditAction.CONSULTATION,
        subject_type="minutes",
        subject_id=chosen.id,
        purpose="meeting_record",
        fields=["information", "decision", "actions"],
        detail={
            "meeting_id": meeting_id,
            "version": chosen.version,
            "case_ids": [c.case_id for c in out.cases],
        },
    )
    return out


def _check_complete(session: Session, meeting: Meeting, minutes: Minutes) -> None:
    """Approval needs attendance and a minute for every case heard or reviewed."""
    assert meeting.id is not None and minutes.id is not None
    if not any(a.status == "present" for a in repo.attendance(session, meeting.id)):
        raise Conflict("Record who attended before the minutes are approved.")
    minuted = {e.case_id for e in repo.minute_entries(session, minutes.id)}
    missing = [
        item.title
        for item in repo.agenda_items(session, meeting.id)
        if item.section in MINUTED_SECTIONS and item.case_id not in minuted
    ]
    if missing:
        raise Conflict(f"These agenda items have no minutes yet: {'; '.join(missing)}")


def approve_minutes(
    *,
    session: Session,
    principal: Principal,
    meeting_id: int,
    if_match: str | None,
    settings: Settings,
) -> MinutesOut:
    meeting = locked_meeting(
        session=session, principal=principal, meeting_id=meeting_id, expected_version=None
    )
    minutes = editable_minutes(session, meeting_id, if_match)
    check_meeting_day(meeting, settings, session)
    _check_complete(session, meeting, minutes)
    minutes.status = "approved"
    minutes.approved_by_user_id = principal.user_id
    minutes.approved_at = utcnow()
    minutes.row_version += 1
    meeting.status = "minutes_approved"
    meeting.row_version += 1
    session.add_all([minutes, meeting])
    record(
        session=session,
        principal=principal,
        action=AuditAction.ALTERATION,
        subject_type="minutes",
        subject_id=minutes.id,
        purpose="meeting_record",
        fields=["status", "approved_by", "approved_at"],
        detail={"meeting_id": meeting_id, "version": minutes.version},
    )
    session.flush()
    return minutes_out(session, meeting, minutes)


def correct_minutes(
    *,
    session: Session,
    principal: Principal,
    meeting_id: int,
    reason: str,
    if_match: str | None,
) -> MinutesOut:
    """Open a new draft version copying the approved one; the approved one is untouched."""
    meeting = locked_meeting(
        session=session, principal=principal, meeting_id=meeting_id, expected_version=None
    )
    latest = repo.latest_minutes(session, meeting_id, lock=True)
    assert latest is not None and latest.id is not None
    wanted = expected_version(if_match, kind="minutes", object_id=latest.id)
    check_version(kind="minutes", object_id=latest.id, current=latest.row_version, expected=wanted)
    if latest.status != "approved":
        raise Conflict(f"Version {latest.version} is still a draft: edit it instead.")
    draft = Minutes(meeting_id=meeting_id, version=latest.version + 1, correction_reason=reason)
    session.add(draft)
    session.flush()
    _copy_entries(session, latest, draft)
    meeting.status = "held"
    meeting.row_version += 1
    session.add(meeting)
    record(
        session=session,
        principal=principal,
        action=AuditAction.ALTERATION,
        subject_type="minutes",
        subject_id=draft.id,
        purpose="meeting_record",
        fields=["version", "correction_reason"],
        detail={
            "meeting_id": meeting_id,
            "corrects_version": latest.version,
            "version": draft.version,
        },
    )
    session.flush()
    return minutes_out(session, meeting, draft)


def _copy_entries(session: Session, source: Minutes, target: Minutes) -> None:
    entries = repo.minute_entries(session, source.id or 0)
    info = repo.shared_information(session, [e.id for e in entries if e.id])
    for entry in entries:
        copy = MinuteEntry(
            minutes_id=target.id or 0,
            case_id=entry.case_id,
            decision=entry.decision,
            decision_notes=entry.decision_notes,
        )
        session.add(copy)
        session.flush()
        for item in info.get(entry.id or 0, []):
            session.add(
                SharedInformation(
                    minute_entry_id=copy.id or 0,
                    agency_id=item.agency_id,
                    kind=item.kind,
                    text=item.text,
                )
            )
    session.flush()
