"""Cases: the list, and one case with its timeline, state and the transitions allowed now,
and the Victims' Code record (updates given to the victim, support referrals).

A transition is a plain form (POST-redirect-GET) carrying the case's ETag as a hidden
field, which the service checks as it would an If-Match header. The victims service logs
each update and support referral it records and resolves the matching deadline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from riskpanel.access.service import sees_victim_names
from riskpanel.actions import service as actions
from riskpanel.actions.schemas import ActionFilters
from riskpanel.agencies.service import agency_names
from riskpanel.cases import service as cases
from riskpanel.cases.access import CaseWriter
from riskpanel.cases.schemas import AgencyCaseView, CaseDetail
from riskpanel.cases.transitions.service import fire_transition
from riskpanel.kit.caller import Caller
from riskpanel.kit.concurrency import expected_version
from riskpanel.kit.errors import NotFound, RiskPanelError
from riskpanel.kit.roles import PANEL_ROLES
from riskpanel.victims import forms as victim_forms
from riskpanel.victims import service as victims
from riskpanel.victims.access import SupportReferrer, UpdateRecorder
from riskpanel.victims.entitlement import service as entitlement
from riskpanel.victims.schemas import EntitlementOut
from riskpanel.web.common import (
    CaseReader,
    DbSession,
    Form,
    caller_of,
    see_other,
    settings_of,
    web_router,
)
from riskpanel.web.form_state import REFUSALS, BlankForm, FormState, Posted
from riskpanel.web.forms import FormErrors, FormValues
from riskpanel.web.lists import RISKS, list_context, list_request
from riskpanel.web.templating import TZ, field_id, render, words
from riskpanel.workflow.registry import get_workflows
from riskpanel.workflow.schema import WorkflowDefinition

router = web_router()


@router.get("/cases")
def case_list(request: Request, session: DbSession, principal: CaseReader) -> Response:
    query, wanted = list_request(request)
    page = cases.case_list_page(
        session=session, caller=caller_of(request, principal), query=query, page=wanted
    )
    session.commit()
    defn = get_workflows(settings_of(request)).latest()[0]
    labels = {name: s.label for name, s in defn.states.items()}
    panel = principal.role in PANEL_ROLES
    return render(
        request,
        principal,
        "cases.html",
        title="Cases",
        labels=labels,
        states=list(labels.items()),
        risks=RISKS,
        agencies=sorted(agency_names(session=session).items(), key=lambda a: a[1]) if panel else [],
        names=sees_victim_names(principal),
        **list_context(query, page),
    )


@router.get("/cases/{case_id}")
def case_page(
    case_id: int, request: Request, session: DbSession, principal: CaseReader, shown: BlankForm
) -> Response:
    settings = settings_of(request)
    caller = caller_of(request, principal)
    case, view = cases.get_case(session=session, caller=caller, case_id=case_id)
    workflows = get_workflows(settings)
    defn = workflows.get(case.workflow_name, case.workflow_version)
    moves = None
    if principal.role in PANEL_ROLES:
        moves = cases.transitions_view(session=session, caller=caller, case_id=case_id)
    own_actions = actions.list_actions(
        session=session,
        caller=caller,
        filters=ActionFilters(case_id=case_id),
        limit=200,
    ).items
    try:
        rights = entitlement.read_entitlement(session=session, caller=caller, case_id=case_id)
    except NotFound:
        rights = None
    session.commit()
    victim_forms.set_defaults(shown.values, settings.timezone)
    return render(
        request,
        principal,
        "case.html",
        title=f"Case {case.reference}",
        case=view,
        state_label=defn.state_label(case.state),
        moves=moves,
        actions=own_actions,
        rights=rights,
        events=case_events(view, own_actions, rights, defn),
        failed=shown.form,
        update_kinds=victim_forms.UPDATE_KINDS,
        methods=victim_forms.METHODS,
        support_statuses=victim_forms.SUPPORT_STATUSES,
        **shown.context(request),
    )


@router.post("/cases/{case_id}/transitions")
def fire(
    case_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    caller: CaseWriter,
) -> Response:
    values = FormValues.of(form)
    trigger = values.get("trigger")
    fields = {k.removeprefix("fields."): v for k, v in form.items() if k.startswith("fields.")}
    try:
        fire_transition(
            session=session,
            principal=caller.principal,
            case_id=case_id,
            trigger=trigger,
            expected_version=expected_version(
                values.get("if_match"), kind="case", object_id=case_id
            ),
            workflows=get_workflows(caller.settings),
            reason=values.text("reason"),
            fields={k: str(v).strip() for k, v in fields.items() if str(v).strip()},
            access_days_after_closure=caller.access_days,
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
        shown = FormState(values, errors, exc.status, trigger)
        return case_page(case_id, request, session, caller.principal, shown)
    session.commit()
    return see_other(f"/cases/{case_id}", "transition")


_VICTIM_RECORDS: dict[str, tuple[Callable[[FormValues, str], Any], Callable[..., object]]] = {
    "update": (victim_forms.update_request, victims.record_update),
    "support": (victim_forms.support_request, victims.record_support_referral),
}
"""Each Victims' Code form of the case page: its input schema built from the form, and the
service that records it."""


def _victim_record(
    request: Request, session: Session, caller: Caller, case_id: int, values: FormValues, form: str
) -> Response:
    """Record one update or support referral; the case page again with errors if refused."""
    build, record = _VICTIM_RECORDS[form]
    try:
        built = build(values, caller.settings.timezone)
        record(session=session, caller=caller, case_id=case_id, data=built)
    except RiskPanelError as exc:
        if exc.status in REFUSALS:
            raise  # not the caller's to change: the refusal page, never the form again
        session.rollback()
        errors = FormErrors.of(
            victim_forms.prefixed(exc, form), labels=victim_forms.LABELS, fallback=f"{form}.form"
        )
        shown = FormState(values, errors, exc.status, form)
        return case_page(case_id, request, session, caller.principal, shown)
    session.commit()
    notice = "victim-update" if form == "update" else "support-referral"
    return see_other(f"/cases/{case_id}", notice, "#timeline")


@router.post("/cases/{case_id}/victim-updates")
def record_update(
    case_id: int, request: Request, values: Posted, session: DbSession, caller: UpdateRecorder
) -> Response:
    return _victim_record(request, session, caller, case_id, values, "update")


@router.post("/cases/{case_id}/support-referrals")
def record_support_referral(
    case_id: int, request: Request, values: Posted, session: DbSession, caller: SupportReferrer
) -> Response:
    return _victim_record(request, session, caller, case_id, values, "support")


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    title: str
    text: str = ""
    link: str = ""

    @property
    def dated_only(self) -> bool:
        return self.kind == "Incident"


def _at(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time(0, 0), tzinfo=TZ)


def case_events(
    view: AgencyCaseView | CaseDetail,
    actions: list[Any],
    entitlement: EntitlementOut | None,
    defn: WorkflowDefinition,
) -> list[Event]:
    """The case's timeline, newest first, from what this caller may see of it."""
    events = _incident_events(view)
    if isinstance(view, CaseDetail):
        events += _assessment_events(view) + _history_events(view, defn)
    events += _action_events(actions)
    if entitlement is not None:
        events += _victims_code_events(entitlement)
    return sorted(events, key=lambda e: e.at, reverse=True)


def _incident_events(view: AgencyCaseView | CaseDetail) -> list[Event]:
    return [
        Event(
            _at(i.occurred_on),
            "Incident",
            f"{words(i.kind)}{' (online)' if i.online else ''}",
            ", ".join(words(s.strand) for s in i.strands)
            + (f"; reported {i.reported_at:%d %B %Y}" if i.reported_at else ""),
        )
        for i in view.incidents
    ]


def _assessment_events(view: CaseDetail) -> list[Event]:
    """The panel's assessments set the level; an agency's view is information only."""
    return [
        Event(
            _at(a.assessed_at),
            "Assessment" if a.view_of is None else f"Assessment: {a.view_of}",
            f"Risk checklist: {words(a.level)} (score {a.score})"
            if a.view_of is None
            else f"{a.view_of}: {words(a.level).lower()} (score {a.score}); "
            "information for the panel, not the case's level",
            a.judgement_reason or "",
        )
        for a in view.assessments
    ]


def _history_events(view: CaseDetail, defn: WorkflowDefinition) -> list[Event]:
    """Each workflow step in the panel's words (the workflow file's labels)."""
    return [
        Event(
            _at(h.at),
            defn.step_label(h.trigger),
            f"now {defn.state_label(h.to_state).lower()}",
            f"By {h.actor_label}" + (f": {h.reason}" if h.reason else ""),
        )
        for h in view.history
    ]


def _action_events(actions: list[Any]) -> list[Event]:
    return [
        Event(
            _at(a.created_at),
            "Action",
            f"Action {a.reference} agreed: {a.description}",
            f"Due {a.due_on:%d %B %Y}; progress: {words(a.progress).lower()}",
            f"/actions/{a.id}",
        )
        for a in actions
    ]


def _victims_code_events(entitlement: EntitlementOut) -> list[Event]:
    """Updates given to the victim and referrals to support services."""
    updates = [
        Event(
            _at(u.given_at),
            "Update to victim",
            f"{words(u.kind)} ({words(u.method).lower()})",
            u.summary or "",
        )
        for u in entitlement.updates
    ]
    return updates + [
        Event(
            _at(s.at),
            "Support referral",
            f"{s.service}: {'declined by the victim' if s.status == 'declined' else 'made'}",
            s.declined_reason or "",
        )
        for s in entitlement.support_referrals
    ]
