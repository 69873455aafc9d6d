"""Correcting the victim's contact details and consent on the web: form, check, confirmation.

The same service as the API (``victims.contact.service``) checks who may do it (the panel, or
the agency recorded as the lead contact), the consent rule and the ETag, carried in a hidden
field as ``If-Match``. The check page runs the save and rolls it back, so every rule is
applied before the user confirms. Withdrawn consent does not withdraw the case: the
confirmation says what the panel should do next.
"""

from __future__ import annotations

from functools import partial

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from riskpanel.access.visible import visible_case
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import RiskPanelError
from riskpanel.models import Case
from riskpanel.victims.access import ContactWriter
from riskpanel.victims.contact import forms, service
from riskpanel.victims.schemas import VictimContactIn, VictimContactOut
from riskpanel.web.common import DbSession, web_router
from riskpanel.web.form_state import Posted, refused_case_form
from riskpanel.web.forms import FormErrors, FormValues, record_errors
from riskpanel.web.templating import form_page, render

router = web_router()
_ERRORS = partial(record_errors, labels=forms.LABELS, form="victim-contact-form")
CHOICES = {
    "safe_to_contact": dict(forms.YES_NO),
    "contact_method": dict(forms.METHODS),
    "consent_status": dict(forms.CONSENT),
    "lawful_basis": dict(forms.BASES),
}


def _form(
    request: Request,
    caller: Caller,
    case: Case,
    values: FormValues,
    errors: FormErrors | None = None,
) -> Response:
    return form_page(
        request,
        caller.principal,
        "victim_contact_form.html",
        title=f"Contact details and consent: case {case.reference}",
        case=case,
        values=values,
        errors=errors,
        methods=forms.METHODS,
        consent=forms.CONSENT,
        bases=forms.BASES,
        yes_no=forms.YES_NO,
    )


@router.get("/cases/{case_id}/victim-contact")
def contact_form(
    case_id: int, request: Request, session: DbSession, caller: ContactWriter
) -> Response:
    current = service.read_contact(session=session, caller=caller, case_id=case_id)
    case = visible_case(session, caller, case_id)
    session.commit()
    values = forms.contact_values(current)
    values.set_default("if_match", current.etag)
    return _form(request, caller, case, values)


def _save(
    session: Session, caller: Caller, case_id: int, values: FormValues
) -> tuple[VictimContactIn, VictimContactOut]:
    data = forms.contact_request(values)
    out = service.put_contact(
        session=session,
        caller=caller,
        case_id=case_id,
        data=data,
        if_match=values.text("if_match"),
    )
    return data, out


@router.post("/cases/{case_id}/victim-contact/check")
def check_contact(
    case_id: int, request: Request, values: Posted, session: DbSession, caller: ContactWriter
) -> Response:
    case = visible_case(session, caller, case_id)
    if values.flag("change"):  # "Change" on the check page: the form as sent
        values.data.pop("change", None)
        return _form(request, caller, case, values)
    try:
        _, out = _save(session, caller, case_id, values)
    except RiskPanelError as exc:
        return refused_case_form(
            session, caller, case_id, exc, _ERRORS, partial(_form, request, caller, values=values)
        )
    session.rollback()  # a dry run: every rule the save applies, nothing kept until confirmed
    case = visible_case(session, caller, case_id)
    return render(
        request,
        caller.principal,
        "victim_contact_check.html",
        title="Check the contact details and consent before you save them",
        case=case,
        data=out,
        said={name: CHOICES[name].get(values.get(name), "") for name in CHOICES},
        times=values.text("contact_times"),
        hidden=values.carried(),
    )


@router.post("/cases/{case_id}/victim-contact")
def save_contact(
    case_id: int, request: Request, values: Posted, session: DbSession, caller: ContactWriter
) -> Response:
    try:
        _, out = _save(session, caller, case_id, values)
    except RiskPanelError as exc:
        return refused_case_form(
            session, caller, case_id, exc, _ERRORS, partial(_form, request, caller, values=values)
        )
    session.commit()
    case = visible_case(session, caller, case_id)
    session.commit()
    return render(
        request,
        caller.principal,
        "victim_contact_done.html",
        title="Contact details and consent saved",
        case=case,
        next_step=out.next_step,
    )
