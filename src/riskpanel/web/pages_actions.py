"""The action tracker (the panel's actions; an agency's own) and one action, where the
owning agency posts its progress; plus an agency's research return for a case."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from riskpanel.actions import service as actions
from riskpanel.actions.schemas import ActionFilters, ActionUpdateIn
from riskpanel.actions.views import action_etag
from riskpanel.api.access import authority
from riskpanel.kit.errors import RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.research import service as research
from riskpanel.research.schemas import ResearchReturnIn
from riskpanel.web.common import (
    AgencyUser,
    CaseReader,
    DbSession,
    Form,
    access_days,
    notice_of,
    see_other,
    web_router,
)
from riskpanel.web.forms import FormErrors, FormValues, invalid_from
from riskpanel.web.templating import render

REFUSALS = (403, 404)  # no relation to the object, or no sight of it
router = web_router()
PROGRESS = [
    ("acknowledged", "Acknowledged"),
    ("in_progress", "In progress"),
    ("completed", "Completed"),
    ("not_possible", "Not possible"),
]
STATUSES = {"open": "Open", "closed": "Closed", "overdue": "Overdue"}


@router.get("/actions")
def action_list(request: Request, session: DbSession, principal: CaseReader) -> Response:
    shown = request.query_params.get("show", "open")
    shown = shown if shown in STATUSES or shown == "all" else "open"
    filters = ActionFilters(
        status="open" if shown == "overdue" else (shown if shown in ("open", "closed") else None),
        overdue=True if shown == "overdue" else None,
    )
    page = actions.list_actions(
        session=session,
        principal=principal,
        filters=filters,
        access_days_after_closure=access_days(request),
        limit=200,
    )
    session.commit()
    return render(
        request,
        principal,
        "actions.html",
        title="Actions",
        actions=page.items,
        shown=shown,
        statuses=STATUSES,
        notice=notice_of(request),
    )


def _action_page(
    request: Request,
    session: Session,
    principal: Principal,
    action_id: int,
    *,
    values: FormValues | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    action, view = actions.read_action(
        session=session,
        principal=principal,
        action_id=action_id,
        access_days_after_closure=access_days(request),
    )
    session.commit()
    return render(
        request,
        principal,
        "action.html",
        status_code=status_code,
        title=f"Action {view.reference}",
        a=view,
        etag=action_etag(action),
        progress=PROGRESS,
        values=values or FormValues(),
        errors=errors,
        notice=notice_of(request),
    )


@router.get("/actions/{action_id}")
def action_page(
    action_id: int, request: Request, session: DbSession, principal: CaseReader
) -> Response:
    return _action_page(request, session, principal, action_id)


@router.post("/actions/{action_id}/updates")
def post_update(
    action_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("actions.update"))],
) -> Response:
    values = FormValues.of(form)
    progress = values.get("progress")
    body: dict[str, Any] = {
        "progress": progress or None,
        "outcome": values.text("outcome") if progress == "completed" else None,
        "reason": values.text("reason") if progress == "not_possible" else None,
        "note": values.text("note"),
    }
    try:
        actions.record_progress(
            session=session,
            principal=principal,
            action_id=action_id,
            data=ActionUpdateIn.model_validate(body),
            if_match=values.text("if_match"),
            access_days_after_closure=access_days(request),
        )
    except (RiskPanelError, ValidationError) as exc:
        if isinstance(exc, RiskPanelError) and exc.status in REFUSALS:
            raise  # not the caller's to change: the refusal page, never the form again
        session.rollback()
        problem = exc if isinstance(exc, RiskPanelError) else invalid_from(exc)
        errors = FormErrors.of(problem, fallback="progress")
        for e in problem.errors:
            if e.field == "body":  # the model's own rule: name the text it asked for
                errors.items = [(_field_for(e.message), m) for _, m in errors.items]
        return _action_page(
            request,
            session,
            principal,
            action_id,
            values=values,
            errors=errors,
            status_code=problem.status,
        )
    session.commit()
    return see_other(f"/actions/{action_id}", "update")


def _field_for(message: str) -> str:
    for name in ("outcome", "reason"):
        if message.startswith(f"Value error, {name}") or message.startswith(name):
            return name
    return "progress"


def _research_page(
    request: Request,
    session: Session,
    principal: Principal,
    case_id: int,
    values: FormValues | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    returns = research.list_returns(
        session=session,
        principal=principal,
        case_id=case_id,
        access_days_after_closure=access_days(request),
    )
    session.commit()
    return render(
        request,
        principal,
        "research.html",
        status_code=status_code,
        title="Research return",
        case_id=case_id,
        returns=returns,
        rows=range(3),
        values=values or FormValues(),
        errors=errors,
        notice=notice_of(request),
    )


@router.get("/cases/{case_id}/research")
def research_form(
    case_id: int, request: Request, session: DbSession, principal: AgencyUser
) -> Response:
    return _research_page(request, session, principal, case_id)


@router.post("/cases/{case_id}/research")
def submit_research(
    case_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("research.return"))],
) -> Response:
    values = FormValues.of(form)
    body = {
        "items": [
            {
                "kind": values.get(f"items[{i}].kind") or "fact",
                "text": values.text(f"items[{i}].text"),
            }
            for i in range(3)
            if values.text(f"items[{i}].text")
        ],
        "withheld": [
            {
                "description": values.get("withheld[0].description").strip(),
                "reason": values.get("withheld[0].reason").strip(),
            }
        ]
        if values.text("withheld[0].description") or values.text("withheld[0].reason")
        else [],
    }
    try:
        research.submit_return(
            session=session,
            principal=principal,
            case_id=case_id,
            data=ResearchReturnIn.model_validate(body),
            access_days_after_closure=access_days(request),
        )
    except (RiskPanelError, ValidationError) as exc:
        if isinstance(exc, RiskPanelError) and exc.status in REFUSALS:
            raise  # not the caller's to change: the refusal page, never the form again
        session.rollback()
        problem = exc if isinstance(exc, RiskPanelError) else invalid_from(exc)
        errors = FormErrors.of(problem, fallback="items[0].text")
        return _research_page(request, session, principal, case_id, values, errors, problem.status)
    session.commit()
    return see_other(f"/cases/{case_id}/research", "research")
