"""The victim's Victims' Code record after intake, on the web: the needs assessment, the
agreed update schedule, enhanced rights, the support opt-out and the lead contact.

Form, then a check of the answers, then the same service as the API
(``victims.entitlement.service.put_entitlement``), which checks who may set it (the panel,
or the agency recorded as the lead contact), rearms the deadlines when the facts change and
writes the audit row. The record's ETag rides in a hidden field, checked as ``If-Match``.
"""

from __future__ import annotations

from functools import partial

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from riskpanel.access.membership import current_member_ids
from riskpanel.access.visible import visible_case
from riskpanel.agencies.service import agency_names
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import RiskPanelError
from riskpanel.kit.roles import PANEL_ROLES
from riskpanel.models import Case, utcnow
from riskpanel.victims import forms
from riskpanel.victims.access import EntitlementWriter
from riskpanel.victims.contact import pages as contact_pages
from riskpanel.victims.entitlement import service as entitlement
from riskpanel.victims.schemas import EntitlementIn
from riskpanel.web.common import CaseReader, DbSession, caller_of, see_other, web_router
from riskpanel.web.form_state import Posted, refused_case_form
from riskpanel.web.forms import FormErrors, FormValues, record_errors
from riskpanel.web.templating import form_page, render

router = web_router()
_ERRORS = partial(record_errors, labels=forms.ENTITLEMENT_LABELS, form="victims-code.form")


def _lead_choices(session: Session, case: Case) -> list[tuple[str, str]]:
    """The current member agencies of the case's panel, who may be the lead contact."""
    names = agency_names(session=session)
    members = current_member_ids(session=session, panel_id=case.panel_id, on=utcnow().date())
    picked = sorted(members, key=lambda i: names.get(i, ""))
    return [("", "No lead contact recorded")] + [(str(i), names.get(i, "")) for i in picked]


def _form(
    request: Request,
    session: Session,
    caller: Caller,
    case: Case,
    values: FormValues,
    etag: str | None,
    errors: FormErrors | None = None,
) -> Response:
    panel = caller.principal.role in PANEL_ROLES
    return form_page(
        request,
        caller.principal,
        "victims_code_form.html",
        title=f"Victims' Code record: case {case.reference}",
        case=case,
        values=values,
        errors=errors,
        etag=etag or "",
        leads=_lead_choices(session, case) if panel else None,
        yes_no=forms.YES_NO,
    )


@router.get("/cases/{case_id}/victims-code")
def victims_code_form(
    case_id: int, request: Request, session: DbSession, principal: CaseReader
) -> Response:
    caller = caller_of(request, principal)
    current = entitlement.read_entitlement(session=session, caller=caller, case_id=case_id)
    case = visible_case(session, caller, case_id)
    session.commit()
    values = forms.entitlement_values(current, caller.settings.timezone)
    return _form(request, session, caller, case, values, current.etag)


def _request(caller: Caller, values: FormValues) -> EntitlementIn:
    current = values.get("category") or "hate_crime"
    panel = caller.principal.role in PANEL_ROLES
    return forms.entitlement_request(
        values, caller.settings.timezone, category=current, sets_lead=panel
    )


def _save(session: Session, caller: Caller, case_id: int, values: FormValues) -> EntitlementIn:
    """The form through the API's service, exactly as a PUT would apply it."""
    data = _request(caller, values)
    entitlement.put_entitlement(
        session=session,
        caller=caller,
        case_id=case_id,
        data=data,
        if_match=values.text("if_match"),
    )
    return data


@router.post("/cases/{case_id}/victims-code/check")
def check_victims_code(
    case_id: int, request: Request, values: Posted, session: DbSession, caller: EntitlementWriter
) -> Response:
    case = visible_case(session, caller, case_id)
    if values.flag("change"):  # "Change" on the check page: the form as sent
        values.data.pop("change", None)
        return _form(request, session, caller, case, values, values.get("if_match"))
    try:
        data = _save(session, caller, case_id, values)
    except RiskPanelError as exc:
        show = partial(_form, request, session, caller, values=values, etag=values.get("if_match"))
        return refused_case_form(session, caller, case_id, exc, _ERRORS, show)
    session.rollback()  # a dry run: every rule the save applies, nothing kept until confirmed
    case = visible_case(session, caller, case_id)
    leads = dict(_lead_choices(session, case))
    return render(
        request,
        caller.principal,
        "victims_code_check.html",
        title="Check the Victims' Code record before you save it",
        case=case,
        data=data,
        lead=leads.get(values.get("lead_agency_id"), "")
        if "lead_agency_id" in data.model_fields_set
        else None,
        hidden=values.carried(),
    )


@router.post("/cases/{case_id}/victims-code")
def save_victims_code(
    case_id: int, request: Request, values: Posted, session: DbSession, caller: EntitlementWriter
) -> Response:
    try:
        _save(session, caller, case_id, values)
    except RiskPanelError as exc:
        show = partial(_form, request, session, caller, values=values, etag=values.get("if_match"))
        return refused_case_form(session, caller, case_id, exc, _ERRORS, show)
    session.commit()
    return see_other(f"/cases/{case_id}", "victims-code", "#victims-code")


router.include_router(contact_pages.router)
