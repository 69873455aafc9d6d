"""Meetings: the list, planning one, and the meeting builder (agenda, attendance, minutes,
PDF downloads). Attendance and minutes are in :mod:`riskpanel.meetings.minutes.pages`.

The agenda is edited one step at a time (use the proposal, add, remove, move up or down);
each step sends the whole agenda to the meetings service with the meeting's ETag, so two
coordinators editing at once get "someone else changed this" instead of a lost update.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from riskpanel.agencies.service import agency_names
from riskpanel.kit.caller import Caller
from riskpanel.kit.concurrency import expected_version
from riskpanel.kit.errors import FieldError, InvalidInput, RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.kit.text import is_ascii_digits
from riskpanel.meetings import service
from riskpanel.meetings.access import AgendaUser, PlannerUser, is_panel_officer
from riskpanel.meetings.agenda import service as agenda_service
from riskpanel.meetings.agenda.schemas import AgendaIn, AgendaItemIn, AgendaOut
from riskpanel.meetings.attendance import service as attendance
from riskpanel.meetings.late_listing import service as late
from riskpanel.meetings.minutes import service as minutes
from riskpanel.meetings.minutes.projections import minutes_etag
from riskpanel.meetings.projections import meeting_etag
from riskpanel.meetings.schemas import MeetingCreate
from riskpanel.web.common import (
    CaseReader,
    Coordinator,
    DbSession,
    Form,
    access_days,
    caller_of,
    notice_of,
    see_other,
    web_router,
)
from riskpanel.web.forms import (
    FormErrors,
    FormPage,
    FormValues,
    check,
    form_problem,
    invalid_from,
    local_datetime,
    parse_date,
    parse_time,
)
from riskpanel.web.templating import field_id, render

router = web_router()
REFERENCE_FIELD = field_id("case_reference")
MEETING_LABELS = {
    "starts_at": "Date of the meeting",
    "starts_time": "Start time",
    "duration_minutes": "Length",
    "venue": "Venue",
    "online_link": "Online link",
    "referral_cutoff_at": "Referral cut-off date",
}


@router.get("/meetings")
def meeting_list(request: Request, session: DbSession, principal: CaseReader) -> Response:
    caller = caller_of(request, principal)
    page = service.list_meetings(session=session, caller=caller, limit=200)
    session.commit()
    items = sorted(page.items, key=lambda m: m.starts_at, reverse=True)
    return render(
        request,
        principal,
        "meetings.html",
        title="Meetings",
        meetings=items,
        notice=notice_of(request),
    )


_new_page = FormPage("meeting_new.html", "Plan a meeting")


@router.get("/meetings/new")
def new_meeting(request: Request, principal: Coordinator) -> Response:
    values = FormValues({"starts_time": ["10:00"], "duration_minutes": ["120"]})
    return _new_page(request, principal, values, None)


def _meeting_data(values: FormValues, tz: str) -> MeetingCreate:
    errors: list[FieldError] = []
    day = parse_date(values, "starts_at", errors)
    at = parse_time(values, "starts_time", errors)
    cutoff = parse_date(values, "referral_cutoff_at", errors)
    if day is None and not errors:
        errors.append(FieldError("starts_at", "Enter the date of the meeting"))
    check(errors)
    assert day is not None
    body: dict[str, Any] = {
        "starts_at": local_datetime(day, at, tz),
        "duration_minutes": values.text("duration_minutes") or 120,
        "venue": values.text("venue"),
        "online_link": values.text("online_link"),
        # the cut-off is a day: referrals received by its end, in the panel's local time
        "referral_cutoff_at": local_datetime(cutoff, time.max, tz) if cutoff else None,
    }
    try:
        return MeetingCreate.model_validate(body)
    except ValidationError as exc:
        problem = invalid_from(exc)
        fixed = [
            FieldError(e.field if e.field != "body" else "venue", e.message) for e in problem.errors
        ]
        raise InvalidInput(problem.detail, errors=fixed) from None


@router.post("/meetings/new")
def create_meeting(
    request: Request, form: Form, session: DbSession, principal: PlannerUser
) -> Response:
    caller = caller_of(request, principal)
    values = FormValues.of(form)
    try:
        data = _meeting_data(values, caller.settings.timezone)
        meeting = service.create_meeting(session=session, caller=caller, data=data)
    except InvalidInput as exc:
        session.rollback()
        errors = FormErrors.of(exc, labels=MEETING_LABELS, fallback="starts_at")
        return _new_page(request, principal, values, errors)
    session.commit()
    return see_other(f"/meetings/{meeting.id}", "meeting")


def _officer_context(session: Session, caller: Caller, meeting_id: int) -> dict[str, Any]:
    """What only the coordinator and chair see on the meeting page: the proposed agenda,
    attendance, the minutes and the late listings; empty for everyone else."""
    context: dict[str, Any] = {
        "proposal": None,
        "attendance": None,
        "minutes": None,
        "late_listings": [],
    }
    principal = caller.principal
    if not is_panel_officer(principal):
        return context
    context["proposal"] = agenda_service.propose_agenda(
        session=session, caller=caller, meeting_id=meeting_id
    )
    context["attendance"] = attendance.read_attendance(
        session=session, principal=principal, meeting_id=meeting_id
    )
    mins = minutes.read_minutes(session=session, principal=principal, meeting_id=meeting_id)
    context["minutes"] = mins
    context["minutes_etag"] = minutes_etag(mins)
    context["minuted"] = {c.case_id: c for c in mins.cases}
    context["late_listings"] = late.late_listing_views(
        session=session, principal=principal, meeting_id=meeting_id
    )
    return context


def meeting_page(
    request: Request,
    session: Session,
    principal: Principal,
    meeting_id: int,
    *,
    errors: FormErrors | None = None,
    values: FormValues | None = None,
    status_code: int = 200,
) -> Response:
    caller = caller_of(request, principal)
    meeting, out = service.read_meeting(session=session, caller=caller, meeting_id=meeting_id)
    saved = agenda_service.read_agenda(session=session, caller=caller, meeting_id=meeting_id)
    context = _officer_context(session, caller, meeting_id)
    session.commit()
    on_agenda = {(i.section, i.case_id) for i in saved.items}
    return render(
        request,
        principal,
        "meeting.html",
        status_code=status_code,
        title=f"Meeting on {out.starts_at:%-d %B %Y}",
        meeting=out,
        agenda=saved,
        meeting_etag=meeting_etag(meeting_id, saved.row_version),
        on_agenda=on_agenda,
        agencies=agency_names(session=session),
        errors=errors,
        values=values or FormValues(),
        notice=notice_of(request),
        access_days=access_days(request),
        started=minutes.has_started(meeting),
        **context,
    )


def meeting_refused(
    request: Request,
    session: Session,
    principal: Principal,
    meeting_id: int,
    exc: RiskPanelError | ValidationError,
    fallback: str,
    values: FormValues | None = None,
    *,
    section: str | None = None,
    anchors: Mapping[str, str] | None = None,
) -> Response:
    """The meeting page again, showing why one of its forms was refused (its change rolled
    back). Errors point at ``fallback``, at ``anchors`` for the fields named there, or all
    at the page's ``section`` when the form is one whole (the agenda)."""
    problem = form_problem(session, exc)
    errors = FormErrors.of(problem, fallback=fallback)
    if section:
        errors.fallback_anchor = section
        errors.anchors.update({field_id(name): section for name, _ in errors.items})
    errors.anchors.update(anchors or {})
    return meeting_page(
        request,
        session,
        principal,
        meeting_id,
        errors=errors,
        values=values,
        status_code=problem.status,
    )


@router.get("/meetings/{meeting_id}")
def meeting_view(
    meeting_id: int, request: Request, session: DbSession, principal: CaseReader
) -> Response:
    return meeting_page(request, session, principal, meeting_id)


def _items(saved: AgendaOut) -> list[dict[str, Any]]:
    return [
        {
            "section": i.section,
            "case_id": i.case_id,
            "slot_minutes": i.slot_minutes,
            "title": i.title if i.section == "any_other_business" else None,
        }
        for i in saved.items
    ]


def _proposal_items(items: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "section": p.section.value,
            "case_id": p.case_id,
            "slot_minutes": p.slot_minutes,
            "title": None,
        }
        for p in items
    ]


def _shown_proposal(values: FormValues) -> list[dict[str, Any]] | None:
    """The proposal as the page showed it (hidden ``proposed`` fields, "section:case:minutes"),
    so "Use the proposed agenda" applies what the coordinator saw even if cases arrived
    since; None from a form that does not carry it (then the proposal as it is now)."""
    if not is_ascii_digits(values.get("proposal_size")):
        return None
    shown = []
    for entry in values.getlist("proposed"):
        section, _, rest = entry.partition(":")
        case_id, _, minutes = rest.partition(":")
        shown.append(
            {
                "section": section,
                "case_id": int(case_id) if is_ascii_digits(case_id) else None,
                "slot_minutes": int(minutes) if is_ascii_digits(minutes) else 15,
                "title": None,
            }
        )
    return shown


def _apply(op: str, values: FormValues, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    index = int(values.get("index")) if is_ascii_digits(values.get("index")) else -1
    if op == "add":
        case_id = values.get("case_id")
        return [
            *items,
            {
                "section": values.get("section"),
                "case_id": int(case_id) if is_ascii_digits(case_id) else None,
                "slot_minutes": int(values.get("slot_minutes") or 15),
                "title": values.text("title"),
            },
        ]
    if op == "remove" and 0 <= index < len(items):
        return items[:index] + items[index + 1 :]
    if op in ("up", "down") and 0 <= index < len(items):
        other = index - 1 if op == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
    return items


def _edited(
    session: Session, caller: Caller, meeting_id: int, values: FormValues, saved: AgendaOut
) -> list[dict[str, Any]]:
    """The agenda after the form's step. The proposal is built only to use it (from a form
    without the proposal it showed); a case added by reference is looked up first."""
    op = values.get("op")
    if op == "use_proposal":
        shown = _shown_proposal(values)
        if shown is not None:
            return shown
        proposal = agenda_service.propose_agenda(
            session=session, caller=caller, meeting_id=meeting_id
        )
        return _proposal_items(proposal.items)
    if op == "add_reference":
        item = agenda_service.item_for_reference(
            session=session,
            caller=caller,
            meeting_id=meeting_id,
            reference=values.get("case_reference"),
        )
        return [*_items(saved), *_proposal_items([item])]
    return _apply(op, values, _items(saved))


def form_version(values: FormValues, meeting_id: int) -> int:
    """The meeting's version when the form was shown (its hidden `if_match` field)."""
    return expected_version(values.get("if_match"), kind="meeting", object_id=meeting_id)


@router.post("/meetings/{meeting_id}/agenda")
def edit_agenda(
    meeting_id: int, request: Request, form: Form, session: DbSession, principal: AgendaUser
) -> Response:
    caller = caller_of(request, principal)
    values = FormValues.of(form)
    try:
        saved = agenda_service.read_agenda(session=session, caller=caller, meeting_id=meeting_id)
        items = _edited(session, caller, meeting_id, values, saved)
        data = AgendaIn(
            items=[AgendaItemIn(**{**i, "position": n}) for n, i in enumerate(items, start=1)]
        )
        seen = form_version(values, meeting_id)
        agenda_service.save_agenda(
            session=session, caller=caller, meeting_id=meeting_id, data=data, expected_version=seen
        )
    except (RiskPanelError, ValidationError) as exc:
        by_reference = {REFERENCE_FIELD: REFERENCE_FIELD}  # its message by its own input
        return meeting_refused(
            request,
            session,
            principal,
            meeting_id,
            exc,
            "agenda",
            values,
            section="agenda",
            anchors=by_reference,
        )
    session.commit()
    return see_other(f"/meetings/{meeting_id}", "agenda", "#agenda")
