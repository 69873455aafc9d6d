"""Cases: the list, and one case with its timeline, state and the transitions allowed now,
and the Victims' Code record (updates given to the victim, support referrals).

A transition is a plain form (POST-redirect-GET) carrying the case's ETag as a hidden
field, which the service checks as it would an If-Match header. The victims service logs
each update and support referral it records and resolves the matching deadline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlmodel import Session

from riskpanel.actions import service as actions
from riskpanel.actions.schemas import ActionFilters
from riskpanel.api.access import authority
from riskpanel.cases import service as cases
from riskpanel.cases.transitions import fire_transition
from riskpanel.cases.workflows import get_workflows
from riskpanel.kit.concurrency import expected_version
from riskpanel.kit.errors import NotFound, RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PANEL_ROLES
from riskpanel.victims import entitlement
from riskpanel.victims import service as victims
from riskpanel.web import victim_forms
from riskpanel.web.common import (
    CaseReader,
    DbSession,
    Form,
    access_days,
    notice_of,
    see_other,
    settings_of,
    web_router,
)
from riskpanel.web.forms import FormErrors, FormValues
from riskpanel.web.templating import field_id, render
from riskpanel.web.timeline import case_events

REFUSALS = (403, 404)  # no relation to the object, or no sight of it
router = web_router()


@router.get("/cases")
def case_list(request: Request, session: DbSession, principal: CaseReader) -> Response:
    state = request.query_params.get("state") or None
    page = cases.list_cases(
        session=session,
        principal=principal,
        access_days_after_closure=access_days(request),
        state=state,
        limit=200,
        cursor=request.query_params.get("cursor") or None,
    )
    session.commit()
    defn = get_workflows(settings_of(request)).latest()[0]
    labels = {name: s.label for name, s in defn.states.items()}
    return render(
        request,
        principal,
        "cases.html",
        title="Cases",
        cases=page.items,
        next_cursor=page.next_cursor,
        labels=labels,
        state=state or "",
        values=FormValues({"state": [state or ""]}),
    )


def _case_page(
    request: Request,
    session: Session,
    principal: Principal,
    case_id: int,
    *,
    errors: FormErrors | None = None,
    failed: str = "",
    values: FormValues | None = None,
    status_code: int = 200,
) -> Response:
    settings, days = settings_of(request), access_days(request)
    case, view = cases.get_case(
        session=session, principal=principal, case_id=case_id, access_days_after_closure=days
    )
    workflows = get_workflows(settings)
    defn = workflows.get(case.workflow_name, case.workflow_version)
    labels = {name: s.label for name, s in defn.states.items()}
    moves = None
    if principal.role in PANEL_ROLES:
        moves = cases.transitions_view(
            session=session,
            principal=principal,
            case_id=case_id,
            workflows=workflows,
            access_days_after_closure=days,
        )
    own_actions = actions.list_actions(
        session=session,
        principal=principal,
        filters=ActionFilters(case_id=case_id),
        access_days_after_closure=days,
        limit=200,
    ).items
    try:
        rights = entitlement.read_entitlement(
            session=session,
            principal=principal,
            case_id=case_id,
            settings=settings,
            access_days_after_closure=days,
        )
    except NotFound:
        rights = None
    session.commit()
    values = values or FormValues()
    victim_forms.set_defaults(values, settings.timezone)
    return render(
        request,
        principal,
        "case.html",
        status_code=status_code,
        title=f"Case {case.reference}",
        case=view,
        state_label=labels.get(case.state, case.state),
        moves=moves,
        actions=own_actions,
        rights=rights,
        events=case_events(view, own_actions, rights, labels),
        errors=errors,
        failed=failed,
        values=values,
        update_kinds=victim_forms.UPDATE_KINDS,
        methods=victim_forms.METHODS,
        support_statuses=victim_forms.SUPPORT_STATUSES,
        notice=notice_of(request),
    )


@router.get("/cases/{case_id}")
def case_page(
    case_id: int, request: Request, session: DbSession, principal: CaseReader
) -> Response:
    return _case_page(request, session, principal, case_id)


@router.post("/cases/{case_id}/transitions")
def fire(
    case_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("cases.transition"))],
) -> Response:
    values = FormValues.of(form)
    trigger = values.get("trigger")
    fields = {k.removeprefix("fields."): v for k, v in form.items() if k.startswith("fields.")}
    try:
        fire_transition(
            session=session,
            principal=principal,
            case_id=case_id,
            trigger=trigger,
            expected_version=expected_version(
                values.get("if_match"), kind="case", object_id=case_id
            ),
            workflows=get_workflows(settings_of(request)),
            reason=values.text("reason"),
            fields={k: str(v).strip() for k, v in fields.items() if str(v).strip()},
            access_days_after_closure=access_days(request),
        )
    except RiskPanelError as exc:
        if exc.status == 404:
            raise
        session.rollback()
        errors = FormErrors.of(exc, fallback=f"{trigger}.form")
        for name in ("reason", "route", "trigger"):
            errors.anchors[field_id(name)] = field_id(f"{trigger}.{name}")
        if exc.status == 412:
            errors = FormErrors([("", "Someone else changed this case. Check it and try again")])
            errors.fallback_anchor = "state"
        return _case_page(
            request,
            session,
            principal,
            case_id,
            errors=errors,
            failed=trigger,
            values=values,
            status_code=exc.status,
        )
    session.commit()
    return see_other(f"/cases/{case_id}", "transition")


def _victim_record(
    request: Request,
    session: Session,
    principal: Principal,
    case_id: int,
    form: str,
    record: Callable[[], object],
    values: FormValues,
) -> Response:
    """Record one update or support referral; the case page again with errors if refused."""
    try:
        record()
    except RiskPanelError as exc:
        if exc.status in REFUSALS:
            raise  # not the caller's to change: the refusal page, never the form again
        session.rollback()
        errors = FormErrors.of(
            victim_forms.prefixed(exc, form), labels=victim_forms.LABELS, fallback=f"{form}.form"
        )
        return _case_page(
            request,
            session,
            principal,
            case_id,
            errors=errors,
            failed=form,
            values=values,
            status_code=exc.status,
        )
    session.commit()
    notice = "victim-update" if form == "update" else "support-referral"
    return see_other(f"/cases/{case_id}", notice, "#timeline")


@router.post("/cases/{case_id}/victim-updates")
def record_update(
    case_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("victims.update"))],
) -> Response:
    values = FormValues.of(form)

    def record() -> object:
        data = victim_forms.update_request(values, settings_of(request).timezone)
        return victims.record_update(
            session=session,
            principal=principal,
            case_id=case_id,
            data=data,
            access_days_after_closure=access_days(request),
        )

    return _victim_record(request, session, principal, case_id, "update", record, values)


@router.post("/cases/{case_id}/support-referrals")
def record_support_referral(
    case_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("victims.support_referral"))],
) -> Response:
    values = FormValues.of(form)

    def record() -> object:
        data = victim_forms.support_request(values, settings_of(request).timezone)
        return victims.record_support_referral(
            session=session,
            principal=principal,
            case_id=case_id,
            data=data,
            access_days_after_closure=access_days(request),
        )

    return _victim_record(request, session, principal, case_id, "support", record, values)
