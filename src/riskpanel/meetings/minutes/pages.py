"""Attendance, the minutes of each case, and the chair's approval of the minutes."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from riskpanel.actions import service as actions
from riskpanel.actions.schemas import ActionFilters
from riskpanel.kit.errors import FieldError, NotFound, RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.kit.text import is_ascii_digits
from riskpanel.meetings import service
from riskpanel.meetings.access import ApproverUser, AttendanceUser, MinutesUser
from riskpanel.meetings.agenda import service as agenda_service
from riskpanel.meetings.attendance import service as attendance
from riskpanel.meetings.attendance.schemas import AttendanceIn
from riskpanel.meetings.minutes import service as minutes
from riskpanel.meetings.minutes.projections import minutes_etag
from riskpanel.meetings.minutes.schemas import CaseMinutesIn
from riskpanel.meetings.pages import form_version, meeting_refused
from riskpanel.models import utcnow
from riskpanel.models.enums import ReviewOutcome
from riskpanel.panels.service import panel_agencies
from riskpanel.web.common import DbSession, Form, PanelUser, caller_of, see_other, web_router
from riskpanel.web.forms import FormErrors, FormValues, check, form_problem, parse_date
from riskpanel.web.templating import field_id, outcome_labels, render
from riskpanel.workflow.registry import get_workflows

router = web_router()
HEARING = [
    ("actions_agreed", "Actions agreed"),
    ("close_no_action", "Close with no further action"),
    ("adjourned", "Adjourned: discuss again next time"),
]
REVIEW = [
    ("continue_actions", "Continue with actions"),
    ("move_to_monitoring", "Risk reduced: move to monitoring"),
    ("adjourned", "Adjourned: discuss again next time"),
]
KINDS = [("fact", "Fact"), ("opinion", "Opinion"), ("withheld", "Withheld (give the reason)")]
OUTCOMES = [(o.value, o.value.replace("_", " ").capitalize()) for o in ReviewOutcome]
ROWS = 3


def _attendees(values: FormValues, agency_ids: list[int]) -> tuple[list[dict[str, Any]], list[str]]:
    people, rows = [], []
    for agency_id in agency_ids:
        status = values.get(f"att.{agency_id}.status")
        if status not in ("present", "apology"):
            continue
        info = values.text(f"att.{agency_id}.info")
        people.append(
            {
                "agency_id": agency_id,
                "name": values.get(f"att.{agency_id}.name").strip()
                or ("Not named" if status == "apology" else ""),
                "role": values.get(f"att.{agency_id}.role").strip() or "Representative",
                "status": status,
                "confidentiality_signed": values.flag(f"att.{agency_id}.signed"),
                "information_sent_at": utcnow() if info and status == "apology" else None,
                "information_summary": info if status == "apology" else None,
            }
        )
        rows.append(f"att.{agency_id}.name")
    if values.text("observer.name"):
        people.append(
            {
                "name": values.get("observer.name").strip(),
                "role": values.get("observer.role").strip() or "Observer",
                "status": "observer",
                "confidentiality_signed": values.flag("observer.signed"),
            }
        )
        rows.append("observer.name")
    return people, rows


@router.post("/meetings/{meeting_id}/attendance")
def save_attendance(
    meeting_id: int, request: Request, form: Form, session: DbSession, principal: AttendanceUser
) -> Response:
    values = FormValues.of(form)
    agency_ids = [int(v) for v in values.getlist("agency_id") if is_ascii_digits(v)]
    people, rows = _attendees(values, agency_ids)
    try:
        data = AttendanceIn.model_validate({"attendees": people})
        attendance.save_attendance(
            session=session,
            principal=principal,
            meeting_id=meeting_id,
            data=data,
            expected_version=form_version(values, meeting_id),
        )
    except (RiskPanelError, ValidationError) as exc:
        anchors = {
            field_id(f"attendees.{i}{suffix}"): field_id(row)
            for i, row in enumerate(rows)
            for suffix in ("", ".name", ".role", ".agency_id", ".information_summary")
        }
        return meeting_refused(
            request, session, principal, meeting_id, exc, "attendance", values, anchors=anchors
        )
    session.commit()
    return see_other(f"/meetings/{meeting_id}", "attendance", "#attendance")


def _case_item(
    session: Session, principal: Principal, request: Request, meeting_id: int, case_id: int
) -> Any:
    caller = caller_of(request, principal)
    saved = agenda_service.read_agenda(session=session, caller=caller, meeting_id=meeting_id)
    item = next(
        (
            i
            for i in saved.items
            if i.case_id == case_id and i.section in ("new_case", "repeat_case", "review")
        ),
        None,
    )
    if item is None:
        raise NotFound("The case is not on this meeting's agenda.")
    return item


def _minutes_page(
    request: Request,
    session: Session,
    principal: Principal,
    meeting_id: int,
    case_id: int,
    *,
    values: FormValues | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    meeting = service.visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    item = _case_item(session, principal, request, meeting_id, case_id)
    mins = minutes.read_minutes(session=session, principal=principal, meeting_id=meeting_id)
    open_actions = []
    if item.section == "review":
        open_actions = actions.list_actions(
            session=session,
            caller=caller_of(request, principal),
            filters=ActionFilters(case_id=case_id, status="open"),
            limit=200,
        ).items
    session.commit()
    said = outcome_labels(request.app.state.settings)  # the workflow file's words
    return render(
        request,
        principal,
        "minutes_case.html",
        status_code=status_code,
        title=f"Minutes: {item.title}",
        meeting=meeting,
        item=item,
        entry=next((c for c in mins.cases if c.case_id == case_id), None),
        minutes=mins,
        minutes_etag=minutes_etag(mins),
        decisions=REVIEW if item.section == "review" else HEARING,
        kinds=KINDS,
        outcomes=[(code, said.get(code, text)) for code, text in OUTCOMES],
        open_actions=open_actions,
        agencies=panel_agencies(session=session, panel_id=meeting.panel_id),
        rows=range(ROWS),
        values=values or FormValues(),
        errors=errors,
    )


@router.get("/meetings/{meeting_id}/minutes/{case_id}")
def minutes_form(
    meeting_id: int, case_id: int, request: Request, session: DbSession, principal: PanelUser
) -> Response:
    return _minutes_page(request, session, principal, meeting_id, case_id)


def _minutes_body(values: FormValues, errors: list[FieldError]) -> dict[str, Any]:
    info, acts = [], []
    for i in range(ROWS):
        text = values.text(f"information[{i}].text")
        if text:
            info.append(
                {
                    "agency_id": values.get(f"information[{i}].agency_id") or None,
                    "kind": values.get(f"information[{i}].kind") or "fact",
                    "text": text,
                }
            )
        desc = values.text(f"actions[{i}].description")
        if desc:
            acts.append(
                {
                    "agency_id": values.get(f"actions[{i}].agency_id") or None,
                    "description": desc,
                    "due_on": parse_date(values, f"actions[{i}].due_on", errors)
                    or _missing(errors, f"actions[{i}].due_on"),
                }
            )
    reviews = [
        {"action_id": int(key.removeprefix("reviews.")), "outcome": values.get(key)}
        for key in values.data
        if key.startswith("reviews.")
        and is_ascii_digits(key.removeprefix("reviews."))
        and values.get(key)
    ]
    return {
        "information": info,
        "decision": values.get("decision") or None,
        "decision_notes": values.text("decision_notes"),
        "actions": acts,
        "reviews": reviews,
    }


def _missing(errors: list[FieldError], name: str) -> date | None:
    errors.append(FieldError(name, "Enter the date the action is due"))
    return None


@router.post("/meetings/{meeting_id}/minutes/{case_id}")
def save_case_minutes(
    meeting_id: int,
    case_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: MinutesUser,
) -> Response:
    caller = caller_of(request, principal)
    values = FormValues.of(form)
    problems: list[FieldError] = []
    try:
        body = _minutes_body(values, problems)
        check(problems)
        minutes.record_case_minutes(
            session=session,
            caller=caller,
            meeting_id=meeting_id,
            case_id=case_id,
            data=CaseMinutesIn.model_validate(body),
            if_match=values.text("if_match"),
            workflows=get_workflows(caller.settings),
        )
    except (RiskPanelError, ValidationError) as exc:
        problem = form_problem(session, exc)
        errors = FormErrors.of(problem, fallback="decision")
        return _minutes_page(
            request,
            session,
            principal,
            meeting_id,
            case_id,
            values=values,
            errors=errors,
            status_code=problem.status,
        )
    session.commit()
    return see_other(f"/meetings/{meeting_id}", "minutes", "#minutes")


@router.post("/meetings/{meeting_id}/minutes-approval")
def approve(
    meeting_id: int, request: Request, form: Form, session: DbSession, principal: ApproverUser
) -> Response:
    values = FormValues.of(form)
    try:
        minutes.approve_minutes(
            session=session,
            caller=caller_of(request, principal),
            meeting_id=meeting_id,
            if_match=values.text("if_match"),
        )
    except RiskPanelError as exc:
        return meeting_refused(request, session, principal, meeting_id, exc, "approve")
    session.commit()
    return see_other(f"/meetings/{meeting_id}", "approved", "#minutes")
