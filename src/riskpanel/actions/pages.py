"""The action tracker (the panel's actions; an agency's own) and one action, where the
owning agency posts its progress."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError

from riskpanel.access.service import sees_victim_names
from riskpanel.actions import service as actions
from riskpanel.actions.access import ReopenerUser, UpdaterUser
from riskpanel.actions.projections import action_etag
from riskpanel.actions.schemas import ActionUpdateIn, ReopenIn
from riskpanel.agencies.service import agency_names
from riskpanel.kit.errors import RiskPanelError
from riskpanel.kit.roles import PANEL_ROLES
from riskpanel.models import utcnow
from riskpanel.risk.timeframes import local_date
from riskpanel.web.common import (
    CaseReader,
    DbSession,
    caller_of,
    notice_of,
    see_other,
    web_router,
)
from riskpanel.web.form_state import REFUSALS, BlankForm, FormState, Posted
from riskpanel.web.forms import FormErrors, form_problem
from riskpanel.web.lists import RISKS, list_context, list_request
from riskpanel.web.templating import render

router = web_router()
PROGRESS = [
    ("acknowledged", "Acknowledged"),
    ("in_progress", "In progress"),
    ("completed", "Completed"),
    ("not_possible", "Not possible"),
]
STATES = [("open", "Open"), ("closed", "Closed"), ("all", "Open and closed")]


@router.get("/actions")
def action_list(request: Request, session: DbSession, principal: CaseReader) -> Response:
    query, wanted = list_request(request)
    if query.state not in ("open", "closed", "all"):  # the tracker opens on what is to do
        query = replace(query, state="open")
    page = actions.action_list_page(
        session=session, caller=caller_of(request, principal), query=query, page=wanted
    )
    session.commit()
    panel = principal.role in PANEL_ROLES
    names = agency_names(session=session) if panel else {}
    return render(
        request,
        principal,
        "actions.html",
        title="Actions",
        states=STATES,
        risks=RISKS,
        agencies=sorted(names.items(), key=lambda a: a[1]),
        names=sees_victim_names(principal),
        today=local_date(utcnow()),
        notice=notice_of(request),
        **list_context(query, page),
    )


@router.get("/actions/{action_id}")
def action_page(
    action_id: int, request: Request, session: DbSession, principal: CaseReader, shown: BlankForm
) -> Response:
    caller = caller_of(request, principal)
    action, view = actions.read_action(session=session, caller=caller, action_id=action_id)
    session.commit()
    return render(
        request,
        principal,
        "action.html",
        title=f"Action {view.reference}",
        a=view,
        etag=action_etag(action),
        progress=PROGRESS,
        **shown.context(request),
    )


@router.post("/actions/{action_id}/updates")
def post_update(
    action_id: int,
    request: Request,
    values: Posted,
    session: DbSession,
    principal: UpdaterUser,
) -> Response:
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
            caller=caller_of(request, principal),
            action_id=action_id,
            data=ActionUpdateIn.model_validate(body),
            if_match=values.text("if_match"),
        )
    except (RiskPanelError, ValidationError) as exc:
        problem = form_problem(session, exc, refusals=REFUSALS)
        errors = FormErrors.of(problem, fallback="progress")
        for e in problem.errors:
            if e.field == "body":  # the model's own rule: name the text it asked for
                errors.items = [(_field_for(e.message), m) for _, m in errors.items]
        shown = FormState(values, errors, problem.status)
        return action_page(action_id, request, session, principal, shown)
    session.commit()
    return see_other(f"/actions/{action_id}", "update")


def _field_for(message: str) -> str:
    for name in ("outcome", "reason"):
        if message.startswith(f"Value error, {name}") or message.startswith(name):
            return name
    return "progress"


@router.post("/actions/{action_id}/reopen")
def reopen(
    action_id: int,
    request: Request,
    values: Posted,
    session: DbSession,
    principal: ReopenerUser,
) -> Response:
    """Send a finished action back to its agency: the reason first, then a check-answers
    page (``confirm`` absent), then the change and a confirmation."""
    caller = caller_of(request, principal)
    try:
        data = ReopenIn.model_validate({"reason": values.text("reason") or ""})
        if values.get("confirm") != "yes":
            action, view = actions.read_action(session=session, caller=caller, action_id=action_id)
            session.commit()
            return render(
                request,
                principal,
                "action_reopen.html",
                title=f"Check before reopening {view.reference}",
                a=view,
                reason=data.reason,
                etag=values.text("if_match") or action_etag(action),
            )
        actions.reopen_action(
            session=session,
            caller=caller,
            action_id=action_id,
            reason=data.reason,
            if_match=values.text("if_match"),
        )
    except (RiskPanelError, ValidationError) as exc:
        problem = form_problem(session, exc, refusals=REFUSALS)
        shown = FormState(values, FormErrors.of(problem, fallback="reason"), problem.status)
        return action_page(action_id, request, session, principal, shown)
    session.commit()
    return see_other(f"/actions/{action_id}", "reopened")
