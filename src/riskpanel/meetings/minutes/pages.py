"""The minutes of each case (recorded from the meeting's start, read once approved), the
whole minutes with their versions, the chair's approval and the coordinator's correction.
Attendance is in :mod:`riskpanel.meetings.attendance.pages`."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from riskpanel.actions import service as actions
from riskpanel.actions.schemas import ActionFilters
from riskpanel.agencies.service import agency_names
from riskpanel.kit.errors import FieldError, NotFound, RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.kit.text import is_ascii_digits
from riskpanel.meetings import service
from riskpanel.meetings.access import ApproverUser, CorrectorUser, MinutesUser
from riskpanel.meetings.agenda import service as agenda_service
from riskpanel.meetings.attendance import service as attendance
from riskpanel.meetings.documents.projections import DECISION_LABELS
from riskpanel.meetings.minutes import service as minutes
from riskpanel.meetings.minutes.projections import minutes_etag
from riskpanel.meetings.minutes.schemas import CaseMinutesIn, CaseMinutesOut, CorrectionIn
from riskpanel.meetings.pages import meeting_refused
from riskpanel.models.enums import ReviewOutcome
from riskpanel.panels.service import panel_agencies
from riskpanel.web.common import (
    DbSession,
    Form,
    PanelUser,
    caller_of,
    notice_of,
    see_other,
    web_router,
)
from riskpanel.web.forms import FormErrors, FormValues, check, form_problem, parse_date
from riskpanel.web.templating import outcome_labels, render
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


def _prefilled(entry: CaseMinutesOut | None) -> FormValues:
    """The form as last saved, so a second visit shows what the minutes already say."""
    if entry is None:
        return FormValues()
    saved = {
        "decision": entry.decision,
        "decision_notes": entry.decision_notes,
        "victim_views": entry.victim_views,
        "victim_views_agency_id": entry.victim_views_agency_id,
        "safety_plan": entry.safety_plan,
    }
    return FormValues({k: [str(v)] for k, v in saved.items() if v is not None})


def _actions_to_review(
    request: Request, session: Session, principal: Principal, meeting_id: int, case_id: int
) -> list[Any]:
    """Every action from earlier meetings without the panel's outcome, finished by its agency
    or not: the review must mark them all."""
    return [
        a
        for a in actions.list_actions(
            session=session,
            caller=caller_of(request, principal),
            filters=ActionFilters(case_id=case_id),
            limit=200,
        ).items
        if a.review_outcome is None and a.meeting_id != meeting_id
    ]


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
    """The case's minutes: the form while they are a draft and the meeting has started, what
    they say once approved, and before the start only when they open."""
    meeting = service.visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    item = _case_item(session, principal, request, meeting_id, case_id)
    mins = minutes.read_minutes(session=session, principal=principal, meeting_id=meeting_id)
    entry = next((c for c in mins.cases if c.case_id == case_id), None)
    open_actions = []
    if item.section == "review" and mins.status != "approved":
        open_actions = _actions_to_review(request, session, principal, meeting_id, case_id)
    session.commit()
    said = outcome_labels(request.app.state.settings)  # the workflow file's words
    return render(
        request,
        principal,
        "minutes_case.html",
        status_code=status_code,
        title=f"Minutes: {item.title}",
        meeting=meeting,
        started=minutes.has_started(meeting),
        item=item,
        entry=entry,
        minutes=mins,
        minutes_etag=minutes_etag(mins),
        decisions=REVIEW if item.section == "review" else HEARING,
        kinds=KINDS,
        outcomes=[(code, said.get(code, text)) for code, text in OUTCOMES],
        open_actions=open_actions,
        agencies=panel_agencies(session=session, panel_id=meeting.panel_id),
        agency_names=agency_names(session=session),
        decision_labels=DECISION_LABELS,
        rows=range(ROWS),
        values=values or _prefilled(entry),
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
    reporter = values.get("victim_views_agency_id")
    return {
        "information": info,
        "decision": values.get("decision") or None,
        "decision_notes": values.text("decision_notes"),
        "victim_views": values.text("victim_views"),
        "victim_views_agency_id": int(reporter) if is_ascii_digits(reporter) else None,
        "safety_plan": values.text("safety_plan"),
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


def _minutes_read_page(
    request: Request,
    session: Session,
    principal: Principal,
    meeting_id: int,
    *,
    version: int | None = None,
    values: FormValues | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    meeting = service.visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    mins = minutes.read_minutes(
        session=session, principal=principal, meeting_id=meeting_id, version=version
    )
    people = attendance.read_attendance(session=session, principal=principal, meeting_id=meeting_id)
    session.commit()
    return render(
        request,
        principal,
        "minutes_read.html",
        status_code=status_code,
        title=f"Minutes, version {mins.version}",
        meeting=meeting,
        minutes=mins,
        latest=mins.versions[-1],
        attendance=people,
        agency_names=agency_names(session=session),
        decision_labels=DECISION_LABELS,
        minutes_etag=minutes_etag(mins),
        values=values or FormValues(),
        errors=errors,
        notice=notice_of(request),
    )


@router.get("/meetings/{meeting_id}/minutes")
def minutes_read(
    meeting_id: int, request: Request, session: DbSession, principal: PanelUser
) -> Response:
    """The whole minutes as the panel approved them (or the draft so far): attendance, each
    case's decision, the victim's voice, the safety plan and the actions; any version."""
    wanted = request.query_params.get("version", "")
    version = int(wanted) if is_ascii_digits(wanted) else None
    return _minutes_read_page(request, session, principal, meeting_id, version=version)


@router.post("/meetings/{meeting_id}/minutes-correction")
def correct(
    meeting_id: int, request: Request, form: Form, session: DbSession, principal: CorrectorUser
) -> Response:
    """Open a correction: a new draft version copying the approved one, with the reason."""
    values = FormValues.of(form)
    try:
        data = CorrectionIn.model_validate({"reason": values.text("reason") or ""})
        minutes.correct_minutes(
            session=session,
            principal=principal,
            meeting_id=meeting_id,
            reason=data.reason,
            if_match=values.text("if_match"),
        )
    except (RiskPanelError, ValidationError) as exc:
        problem = form_problem(session, exc)
        return _minutes_read_page(
            request,
            session,
            principal,
            meeting_id,
            values=values,
            errors=FormErrors.of(problem, fallback="reason"),
            status_code=problem.status,
        )
    session.commit()
    return see_other(f"/meetings/{meeting_id}", "correction", "#minutes")
