"""The minutes' use cases: record one case (its decision acted on through :mod:`.hearing`),
read, approve (chair) and correct (coordinator).

Minutes are versions: the chair approves a version and it is locked for good; a correction
is a new draft version (with its reason) that copies the last one and supersedes it once
approved. Nothing ever edits an approved version, so what agencies received stays provable.
Keyword-only; the caller commits.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from riskpanel.config import Settings
from riskpanel.kit.caller import Caller
from riskpanel.kit.concurrency import check_version, expected_version
from riskpanel.kit.errors import Conflict, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.meetings import repository as repo
from riskpanel.meetings.minutes import repository as minutes_repo
from riskpanel.meetings.minutes.hearing import (
    MINUTED_SECTIONS,
    WITH_ACTIONS,
    Hearing,
    case_on_agenda,
    check_input,
    check_repeat,
)
from riskpanel.meetings.minutes.projections import case_minutes_out, minutes_out
from riskpanel.meetings.minutes.schemas import CaseMinutesIn, CaseMinutesOut, MinutesOut
from riskpanel.meetings.minutes.timers import arm_minutes_due
from riskpanel.meetings.service import audit, locked_meeting, visible_meeting
from riskpanel.meetings.thresholds import rules_for
from riskpanel.models import Meeting, Minutes, utcnow
from riskpanel.models.enums import AuditAction


def read_minutes(
    *, session: Session, principal: Principal, meeting_id: int, version: int | None = None
) -> MinutesOut:
    """The latest version, or the one asked for; reading is logged like any case read."""
    meeting = visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    versions = minutes_repo.minutes_versions(session, meeting_id)
    chosen = (
        versions[-1]
        if version is None
        else next((m for m in versions if m.version == version), None)
    )
    if chosen is None:
        raise NotFound("The minutes have no such version.")
    out = minutes_out(session, meeting, chosen)
    read = ["information", "decision", "actions"]
    case_ids = [c.case_id for c in out.cases]
    detail = {"meeting_id": meeting_id, "version": chosen.version, "case_ids": case_ids}
    _log(session, principal, AuditAction.CONSULTATION, chosen.id, read, detail)
    return out


def _log(
    session: Session,
    principal: Principal,
    action: AuditAction,
    row_id: int | None,
    fields: list[str],
    detail: dict[str, Any],
) -> None:
    """One access-log row about a version of the minutes (`row_id`), for the meeting's record."""
    audit(
        session, principal, action, "minutes", row_id, fields=fields, purpose=RECORD, detail=detail
    )


RECORD = "meeting_record"  # the purpose of every access to the minutes


def _check_complete(session: Session, meeting: Meeting, minutes: Minutes) -> None:
    """Approval needs attendance and a minute for every case heard or reviewed."""
    assert meeting.id is not None and minutes.id is not None
    if not any(a.status == "present" for a in repo.attendance(session, meeting.id)):
        raise Conflict("Record who attended before the minutes are approved.")
    minuted = {e.case_id for e in minutes_repo.minute_entries(session, minutes.id)}
    missing = [
        item.title
        for item in repo.agenda_items(session, meeting.id)
        if item.section in MINUTED_SECTIONS and item.case_id not in minuted
    ]
    if missing:
        raise Conflict(f"These agenda items have no minutes yet: {'; '.join(missing)}")


def _minutes_to_write(
    session: Session, caller: Caller, meeting_id: int, if_match: str | None
) -> tuple[Meeting, Minutes]:
    """The locked meeting and its draft minutes, once the meeting day has come."""
    meeting = locked_meeting(session, caller.principal, meeting_id)
    minutes = editable_minutes(session, meeting_id, if_match)
    check_meeting_day(meeting, caller.settings, session)
    return meeting, minutes


def approve_minutes(
    *, session: Session, caller: Caller, meeting_id: int, if_match: str | None
) -> MinutesOut:
    principal = caller.principal
    meeting, minutes = _minutes_to_write(session, caller, meeting_id, if_match)
    _check_complete(session, meeting, minutes)
    minutes.status = "approved"
    minutes.approved_by_user_id = principal.user_id
    minutes.approved_at = utcnow()
    minutes.row_version += 1
    meeting.status = "minutes_approved"
    meeting.row_version += 1
    session.add_all([minutes, meeting])
    changed = ["status", "approved_by", "approved_at"]
    detail = {"meeting_id": meeting_id, "version": minutes.version}
    _log(session, principal, AuditAction.ALTERATION, minutes.id, changed, detail)
    session.flush()
    return minutes_out(session, meeting, minutes)


def correct_minutes(
    *, session: Session, principal: Principal, meeting_id: int, reason: str, if_match: str | None
) -> MinutesOut:
    """Open a new draft version copying the approved one; the approved one is untouched."""
    meeting = locked_meeting(session, principal, meeting_id)
    latest = minutes_repo.latest_minutes(session, meeting_id, lock=True)
    assert latest is not None and latest.id is not None
    wanted = expected_version(if_match, kind="minutes", object_id=latest.id)
    check_version(kind="minutes", object_id=latest.id, current=latest.row_version, expected=wanted)
    if latest.status != "approved":
        raise Conflict(f"Version {latest.version} is still a draft: edit it instead.")
    draft = Minutes(meeting_id=meeting_id, version=latest.version + 1, correction_reason=reason)
    session.add(draft)
    session.flush()
    minutes_repo.copy_entries(session, latest, draft)
    meeting.status = "held"
    meeting.row_version += 1
    session.add(meeting)
    versions = {"corrects_version": latest.version, "version": draft.version}
    detail = {"meeting_id": meeting_id, **versions}
    changed = ["version", "correction_reason"]
    _log(session, principal, AuditAction.ALTERATION, draft.id, changed, detail)
    session.flush()
    return minutes_out(session, meeting, draft)


def editable_minutes(
    session: Session, meeting_id: int, if_match: str | None, *, lock: bool = True
) -> Minutes:
    """The latest version, checked against If-Match; approved versions are never edited."""
    minutes = minutes_repo.latest_minutes(session, meeting_id, lock=lock)
    if minutes is None:  # pragma: no cover - created with the meeting
        raise NotFound()
    wanted = expected_version(if_match, kind="minutes", object_id=minutes.id)
    check_version(
        kind="minutes", object_id=minutes.id, current=minutes.row_version, expected=wanted
    )
    if minutes.status == "approved":
        raise Conflict(
            f"Version {minutes.version} of the minutes is approved and locked; "
            "ask the coordinator for a correction (a new version)."
        )
    return minutes


def check_meeting_day(meeting: Meeting, settings: Settings, session: Session) -> None:
    """Minutes open at the meeting's start, not on its day: minutes taken at 00:01 for a
    23:50 meeting would show it "held" before anyone met."""
    if has_started(meeting):
        return
    rules = rules_for(session, meeting, settings)
    raise Conflict(
        f"The meeting starts at {rules.local(meeting.starts_at):%H:%M on %-d %B %Y}; "
        "minutes can be recorded from its start."
    )


def has_started(meeting: Meeting) -> bool:
    """Whether the meeting's start time has come (stored in UTC, so no local-time sums)."""
    return utcnow() >= meeting.starts_at


def record_case_minutes(
    *,
    session: Session,
    caller: Caller,
    meeting_id: int,
    case_id: int,
    data: CaseMinutesIn,
    if_match: str | None,
    workflows: Any,
) -> CaseMinutesOut:
    principal = caller.principal
    meeting, minutes = _minutes_to_write(session, caller, meeting_id, if_match)
    case = case_on_agenda(session, meeting, case_id)
    repeat = check_repeat(session, meeting, case, data)
    check_input(session, case, data, first=not repeat)
    hearing = Hearing(session, caller, meeting, case, data, workflows)
    if not repeat:
        hearing.decide()
    elif data.decision in WITH_ACTIONS:
        hearing.add_actions()
    entry = minutes_repo.save_entry(session, minutes, case_id, data)
    minutes.row_version += 1
    session.add(minutes)
    if meeting.status == "planned":
        meeting.status = "held"
        session.add(meeting)
    arm_minutes_due(
        session=session, meeting=meeting, rules=rules_for(session, meeting, caller.settings)
    )
    audit(
        session,
        principal,
        AuditAction.COLLECTION,
        "minute_entry",
        entry.id,
        fields=["information", "decision", "actions", "reviews"],
        purpose="meeting_record",
        case_id=case_id,
        detail={
            "meeting_id": meeting_id,
            "minutes_version": minutes.version,
            "decision": data.decision,
        },
    )
    session.flush()
    return case_minutes_out(session, meeting, minutes, case_id)
