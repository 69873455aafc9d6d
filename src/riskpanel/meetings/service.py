"""Meetings: who may see a meeting, planning, moving and listing one, and its invitation.

Coordinators and chairs reach only their own panel's meetings; an agency reaches a meeting it
is invited to while its sharing agreement is in force. Anything else is "not found", so
meeting ids do not leak. Keyword-only; the caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from riskpanel.access.service import agency_may_receive
from riskpanel.audit.service import record
from riskpanel.kit.caller import Caller
from riskpanel.kit.concurrency import check_version
from riskpanel.kit.errors import Conflict, InvalidInput, NotFound
from riskpanel.kit.pagination import decode_cursor, encode_cursor
from riskpanel.kit.principal import Principal
from riskpanel.kit.schemas import attributes
from riskpanel.meetings import repository as repo
from riskpanel.meetings.access import chairs_panel, is_panel_officer
from riskpanel.meetings.minutes.timers import arm_minutes_due, rearm_minutes_due
from riskpanel.meetings.projections import meeting_invitation, meeting_out
from riskpanel.meetings.schemas import MeetingCreate, MeetingOut, MeetingPage, MeetingUpdate
from riskpanel.meetings.thresholds import MeetingRules, rules_for
from riskpanel.models import Meeting, MeetingInvite, Minutes, Panel, User
from riskpanel.models.enums import AuditAction


def visible_meeting(*, session: Session, principal: Principal, meeting_id: int) -> Meeting:
    """The meeting, or NotFound whether it is missing or out of the caller's reach."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound()
    if is_panel_officer(principal) and principal.panel_id == meeting.panel_id:
        return meeting
    if principal.is_agency and principal.agency_id is not None:
        invited = principal.agency_id in repo.invited_agency_ids(session, meeting_id)
        if invited and agency_may_receive(session, principal):
            return meeting
    raise NotFound()


def locked_meeting(
    session: Session, principal: Principal, meeting_id: int, expected_version: int | None = None
) -> Meeting:
    """Lock the meeting row for a change; a stale If-Match fails here (412)."""
    visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    meeting = repo.lock_meeting(session, meeting_id)
    if meeting is None:  # pragma: no cover - deleted between the two reads
        raise NotFound()
    session.refresh(meeting)
    if expected_version is not None:
        check_version(
            kind="meeting",
            object_id=meeting.id,
            current=meeting.row_version,
            expected=expected_version,
        )
    return meeting


def _panel_for_create(session: Session, principal: Principal, panel_id: int | None) -> Panel:
    wanted = panel_id if panel_id is not None else principal.panel_id
    if wanted is None or wanted != principal.panel_id:
        raise NotFound("No such panel among yours.")
    panel = session.get(Panel, wanted)
    if panel is None:
        raise NotFound("No such panel among yours.")
    return panel


def _check_chair(session: Session, panel_id: int, chair_user_id: int | None) -> None:
    if chair_user_id is None:
        return
    chair = session.get(User, chair_user_id)
    if not chairs_panel(chair, panel_id):
        raise InvalidInput.field("chair_user_id", "is not an active chair of this panel")


def _set_invites(session: Session, meeting: Meeting, agency_ids: list[int] | None) -> list[int]:
    members = repo.member_agency_ids(session, meeting.panel_id)
    wanted = members if agency_ids is None else sorted(set(agency_ids))
    strangers = [a for a in wanted if a not in members]
    if strangers:
        raise InvalidInput.field(
            "invited_agency_ids", f"not members of the panel: {', '.join(map(str, strangers))}"
        )
    for invite in repo.invites(session, meeting.id):
        session.delete(invite)
    session.flush()
    for agency_id in wanted:
        session.add(MeetingInvite(meeting_id=meeting.id or 0, agency_id=agency_id))
    return wanted


# What a plan sets as given, on creation and on a change (a new start also moves the cut-off).
_PLAN = ("duration_minutes", "venue", "online_link", "chair_user_id")


def create_meeting(*, session: Session, caller: Caller, data: MeetingCreate) -> Meeting:
    """A meeting with its invitations, an empty draft of the minutes and the minutes timer."""
    principal = caller.principal
    panel = _panel_for_create(session, principal, data.panel_id)
    assert panel.id is not None
    _check_chair(session, panel.id, data.chair_user_id)
    rules = MeetingRules.for_panel(panel, caller.settings)
    cutoff = data.referral_cutoff_at or rules.cutoff_for(data.starts_at)
    if cutoff >= data.starts_at:
        raise InvalidInput.field("referral_cutoff_at", "must be before the meeting starts")
    planned = attributes(data, ("starts_at", *_PLAN))
    meeting = Meeting(**planned, panel_id=panel.id, referral_cutoff_at=cutoff)
    session.add(meeting)
    session.flush()
    assert meeting.id is not None
    _set_invites(session, meeting, data.invited_agency_ids)
    session.add(Minutes(meeting_id=meeting.id, version=1))
    arm_minutes_due(session=session, meeting=meeting, rules=rules)
    audit(
        session,
        principal,
        AuditAction.COLLECTION,
        "meeting",
        meeting.id,
        fields=data.model_fields_set,
    )
    session.flush()
    return meeting


def update_meeting(
    *, session: Session, caller: Caller, meeting_id: int, data: MeetingUpdate, expected_version: int
) -> Meeting:
    """Move or re-invite; a new start re-arms the minutes timer and, unless given, the cut-off."""
    principal = caller.principal
    meeting = locked_meeting(session, principal, meeting_id, expected_version)
    if meeting.status not in ("planned",):
        raise Conflict("Only a meeting still being planned can be changed.")
    changes = data.model_dump(exclude_unset=True)
    rules = rules_for(session, meeting, caller.settings)
    if "chair_user_id" in changes:
        _check_chair(session, meeting.panel_id, data.chair_user_id)
    for name in _PLAN:
        if name in changes:
            setattr(meeting, name, changes[name])
    if not meeting.venue and not meeting.online_link:
        raise InvalidInput.field("venue", "give a venue, an online link, or both")
    if data.starts_at is not None and data.starts_at != meeting.starts_at:
        meeting.starts_at = data.starts_at
        meeting.referral_cutoff_at = rules.cutoff_for(data.starts_at)
        rearm_minutes_due(session=session, meeting=meeting, rules=rules)
    if data.referral_cutoff_at is not None:
        meeting.referral_cutoff_at = data.referral_cutoff_at
    if meeting.referral_cutoff_at >= meeting.starts_at:
        raise InvalidInput.field("referral_cutoff_at", "must be before the meeting starts")
    if "invited_agency_ids" in changes:
        _set_invites(session, meeting, data.invited_agency_ids)
    meeting.row_version += 1
    session.add(meeting)
    audit(session, principal, AuditAction.ALTERATION, "meeting", meeting.id, fields=changes)
    session.flush()
    return meeting


def audit(
    session: Session,
    principal: Principal,
    action: AuditAction,
    subject_type: str,
    subject_id: int | None,
    *,
    fields: Iterable[str],
    purpose: str = "meeting_preparation",
    case_id: int | None = None,
    recipients: Iterable[str] = (),
    detail: dict[str, Any] | None = None,
) -> None:
    """One audit row about a meeting or a part of it: its agenda, attendance, minutes or
    documents (a document names its recipients)."""
    record(
        session=session,
        principal=principal,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        purpose=purpose,
        case_id=case_id,
        fields=fields,
        recipients=recipients,
        detail=detail,
    )


def read_meeting(
    *, session: Session, caller: Caller, meeting_id: int
) -> tuple[Meeting, MeetingOut]:
    """A meeting as its reader sees it; logged like a case read, since when and where a
    panel meets and who is invited is itself sensitive."""
    principal = caller.principal
    meeting = visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    out = meeting_out(session, meeting, caller.settings)
    audit(
        session,
        principal,
        AuditAction.CONSULTATION,
        "meeting",
        meeting_id,
        fields=["starts_at", "venue", "online_link", "chair", "invited_agency_ids"],
    )
    return meeting, out


def list_meetings(
    *, session: Session, caller: Caller, limit: int = 50, cursor: str | None = None
) -> MeetingPage:
    """Panel roles list their panel's meetings; an agency lists those it is invited to.
    The list is logged with the meetings shown, like a case list."""
    page = _meeting_page(session, caller, limit, cursor)
    # last: on SQLite the audit row waits for the write lock, so shape the page first
    audit(
        session,
        caller.principal,
        AuditAction.CONSULTATION,
        "meeting_list",
        None,
        fields=["starts_at", "venue", "status"],
        detail={"meeting_ids": [m.id for m in page.items]},
    )
    return page


def _meeting_page(session: Session, caller: Caller, limit: int, cursor: str | None) -> MeetingPage:
    principal = caller.principal
    if is_panel_officer(principal):
        rows = repo.meetings_page(
            session,
            panel_id=principal.panel_id,
            invited_agency_id=None,
            after=decode_cursor(cursor),
            limit=limit,
        )
    elif principal.is_agency and agency_may_receive(session, principal):
        rows = repo.meetings_page(
            session,
            panel_id=None,
            invited_agency_id=principal.agency_id,
            after=decode_cursor(cursor),
            limit=limit,
        )
    else:
        return MeetingPage(items=[])
    page, more = rows[:limit], len(rows) > limit
    return MeetingPage(
        items=[meeting_out(session, m, caller.settings) for m in page],
        next_cursor=encode_cursor(page[-1].id or 0) if more and page else None,
    )


def invitation_download(*, session: Session, caller: Caller, meeting_id: int) -> bytes:
    """The invitation for one reader, logged: it names the panel, the time, the place and
    the invited agencies' contact addresses."""
    principal = caller.principal
    meeting = visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    body = meeting_invitation(session=session, meeting=meeting, settings=caller.settings)
    audit(
        session,
        principal,
        AuditAction.CONSULTATION,
        "meeting_invitation",
        meeting_id,
        fields=["starts_at", "venue", "online_link", "chair", "attendees"],
    )
    return body
