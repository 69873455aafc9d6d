"""Access-matrix entries for the meeting routes (meetings, agendas, attendance, minutes, PDFs).

Merged into ``tests/security/matrix_spec.py`` by ``_register_domain_entries``. Meetings are
built straight from the models (cheap): a related meeting is on the test panel with the
police invited; an unrelated one is on another panel with only the outside agency invited,
so it is out of reach of the test panel's roles and of the police actors alike.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from riskpanel.kit.concurrency import etag
from riskpanel.models import AgendaItem, Attendance, Meeting, MeetingInvite, Minutes, utcnow
from tests.security.matrix import Call, Ctx, Route

PANEL = frozenset({"coordinator", "chair"})
AGENCY = frozenset({"agency", "agency_client"})
READERS = PANEL | AGENCY
COORDINATOR = frozenset({"coordinator"})
CHAIR = frozenset({"chair"})
CREATED = frozenset({201})


# --- objects --------------------------------------------------------------------------


def fresh_meeting(
    ctx: Ctx,
    related: bool,
    *,
    held: bool = False,
    approved: bool = False,
    case_id: int | None = None,
) -> tuple[Meeting, Minutes]:
    """A meeting with its invitations and version 1 of its minutes.

    ``held``: it started an hour ago, with someone present; ``approved``: its minutes are
    approved; ``case_id``: that case is on its agenda as a new case."""
    if related:
        panel_id, invited = ctx.world.panel.id or 0, ctx.agency_id(True)
    else:
        panel_id, invited = ctx.case(False).panel_id, ctx.agency_id(False)
    starts = utcnow() + (timedelta(hours=-1) if held or approved else timedelta(days=20))
    session = ctx.session
    meeting = Meeting(
        panel_id=panel_id,
        starts_at=starts,
        venue="Committee Room 2, Civic Centre",
        referral_cutoff_at=starts - timedelta(days=10),
        status="minutes_approved" if approved else ("held" if held else "planned"),
    )
    session.add(meeting)
    session.flush()
    meeting_id = meeting.id or 0
    session.add(MeetingInvite(meeting_id=meeting_id, agency_id=invited))
    minutes = Minutes(meeting_id=meeting_id, version=1)
    if approved:
        minutes.status, minutes.approved_at = "approved", utcnow()
        minutes.approved_by_user_id = ctx.world.users["chair"].id
    session.add(minutes)
    if held or approved:
        session.add(
            Attendance(
                meeting_id=meeting_id,
                agency_id=invited,
                attendee_name="Probe Attendee",
                attendee_role="Officer",
                confidentiality_signed=True,
                signed_at=utcnow(),
            )
        )
    if case_id is not None:
        session.add(
            AgendaItem(
                meeting_id=meeting_id,
                section="new_case",
                case_id=case_id,
                position=1,
                title="New case",
            )
        )
    session.commit()
    return meeting, minutes


def shared_meeting(ctx: Ctx, related: bool, kind: str = "planned") -> Meeting:
    """One meeting per relation and kind for the read-only routes."""
    cache: dict[tuple[bool, str], Meeting] = ctx.__dict__.setdefault("_matrix_meetings", {})
    if (related, kind) not in cache:
        cache[related, kind] = fresh_meeting(ctx, related, approved=kind == "approved")[0]
    return cache[related, kind]


def meeting_tag(meeting: Meeting) -> dict[str, str]:
    return {"If-Match": etag("meeting", meeting.id, meeting.row_version)}


def minutes_tag(minutes: Minutes) -> dict[str, str]:
    return {"If-Match": etag("minutes", minutes.id, minutes.row_version)}


# --- builders -------------------------------------------------------------------------


def new_meeting(ctx: Ctx, role: str, related: bool) -> Call:
    starts = utcnow() + timedelta(days=30)
    return Call(json={"starts_at": starts.isoformat(), "venue": "Committee Room 2"})


def meeting_path(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"meeting_id": shared_meeting(ctx, related).id})


def approved_meeting_path(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"meeting_id": shared_meeting(ctx, related, "approved").id})


def meeting_patch(ctx: Ctx, role: str, related: bool) -> Call:
    meeting, _ = fresh_meeting(ctx, related)
    return Call(
        path={"meeting_id": meeting.id}, json={"venue": "Room 3"}, headers=meeting_tag(meeting)
    )


def agenda_put(ctx: Ctx, role: str, related: bool) -> Call:
    meeting, _ = fresh_meeting(ctx, related)
    return Call(path={"meeting_id": meeting.id}, json={"items": []}, headers=meeting_tag(meeting))


def attendance_put(ctx: Ctx, role: str, related: bool) -> Call:
    meeting, _ = fresh_meeting(ctx, related)
    attendee: dict[str, Any] = {
        "agency_id": ctx.agency_id(related),
        "name": "Insp. Probe",
        "role": "Officer",
        "confidentiality_signed": True,
    }
    return Call(
        path={"meeting_id": meeting.id},
        json={"attendees": [attendee]},
        headers=meeting_tag(meeting),
    )


def case_minutes_put(ctx: Ctx, role: str, related: bool) -> Call:
    case = ctx.fresh_case(related, state="listed")
    meeting, minutes = fresh_meeting(ctx, related, held=True, case_id=case.id)
    return Call(
        path={"meeting_id": meeting.id, "case_id": case.id},
        json={"decision": "adjourned", "decision_notes": "Probe: more information needed."},
        headers=minutes_tag(minutes),
    )


def approve_post(ctx: Ctx, role: str, related: bool) -> Call:
    meeting, minutes = fresh_meeting(ctx, related, held=True)
    return Call(path={"meeting_id": meeting.id}, headers=minutes_tag(minutes))


def correction_post(ctx: Ctx, role: str, related: bool) -> Call:
    meeting, minutes = fresh_meeting(ctx, related, approved=True)
    return Call(
        path={"meeting_id": meeting.id},
        json={"reason": "Probe correction of a typo"},
        headers=minutes_tag(minutes),
    )


def extract_path(ctx: Ctx, role: str, related: bool) -> Call:
    """Related: the police's own extract of a test-panel meeting; unrelated: the outside
    agency's extract of another panel's meeting."""
    meeting = shared_meeting(ctx, related)
    return Call(path={"meeting_id": meeting.id, "agency_id": ctx.agency_id(related)})


# --- the entries ----------------------------------------------------------------------

M = "/api/v1/meetings/{meeting_id}"

ENTRIES: dict[tuple[str, str], Route] = {
    ("GET", "/api/v1/meetings"): Route(allowed=READERS),
    ("POST", "/api/v1/meetings"): Route(allowed=COORDINATOR, build=new_meeting, ok=CREATED),
    ("GET", M): Route(allowed=READERS, build=meeting_path, scoped=True),
    ("PATCH", M): Route(allowed=COORDINATOR, build=meeting_patch, scoped=True),
    ("GET", f"{M}/invite.ics"): Route(allowed=READERS, build=meeting_path, scoped=True),
    ("GET", f"{M}/agenda"): Route(allowed=READERS, build=meeting_path, scoped=True),
    ("GET", f"{M}/agenda/proposal"): Route(allowed=PANEL, build=meeting_path, scoped=True),
    ("PUT", f"{M}/agenda"): Route(allowed=COORDINATOR, build=agenda_put, scoped=True),
    ("GET", f"{M}/attendance"): Route(allowed=PANEL, build=meeting_path, scoped=True),
    ("PUT", f"{M}/attendance"): Route(allowed=PANEL, build=attendance_put, scoped=True),
    ("GET", f"{M}/minutes"): Route(allowed=PANEL, build=meeting_path, scoped=True),
    ("PUT", f"{M}/minutes/cases/{{case_id}}"): Route(
        allowed=PANEL, build=case_minutes_put, scoped=True
    ),
    ("POST", f"{M}/minutes/approve"): Route(allowed=CHAIR, build=approve_post, scoped=True),
    ("POST", f"{M}/minutes/corrections"): Route(
        allowed=COORDINATOR, build=correction_post, scoped=True, ok=CREATED
    ),
    ("GET", f"{M}/agenda.pdf"): Route(allowed=READERS, build=meeting_path, scoped=True),
    ("GET", f"{M}/minutes.pdf"): Route(allowed=READERS, build=approved_meeting_path, scoped=True),
    ("GET", f"{M}/agencies/{{agency_id}}/extract.pdf"): Route(
        allowed=READERS, build=extract_path, scoped=True
    ),
}
