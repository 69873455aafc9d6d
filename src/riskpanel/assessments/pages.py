"""Re-assessing a case's risk on the web: the checklist form, a check of the answers with the
level they give, then the same service as the API (``assessments.service.assess_case``).

The check page scores the answers with the service's own ``evaluate`` before anything is
stored, so the coordinator sees the level the case will take (or the agency the view it
will record) and can change an answer; the assessment is stored only from the check page,
with its audit row and, for the panel, the case's new level and routes, in one commit.
"""

from __future__ import annotations

from functools import partial

from fastapi import Request
from fastapi.responses import Response

from riskpanel.access.visible import visible_case, writable_case
from riskpanel.assessments import forms
from riskpanel.assessments.access import Assessor
from riskpanel.assessments.schemas import AgencyViewRecorded
from riskpanel.assessments.service import assess_case, checklist_for, evaluate
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import InvalidInput, RiskPanelError
from riskpanel.kit.roles import PANEL_ROLES
from riskpanel.models import Case
from riskpanel.web.common import CaseReader, DbSession, caller_of, see_other, web_router
from riskpanel.web.form_state import Posted, refused_case_form
from riskpanel.web.forms import FormErrors, FormValues
from riskpanel.web.templating import form_page, render

router = web_router()
_ERRORS = partial(FormErrors.of, labels=forms.LABELS, fallback="assessment.form")
"""A refused assessment's errors: on its fields, or at the top of the form."""
OPERATION = "assessments.add"


def _form(
    request: Request,
    caller: Caller,
    case: Case,
    values: FormValues,
    errors: FormErrors | None = None,
) -> Response:
    checklist = checklist_for(caller.settings)
    return form_page(
        request,
        caller.principal,
        "assessment_form.html",
        title=f"Re-assess the risk: case {case.reference}",
        case=case,
        values=values,
        errors=errors,
        checklist=checklist,
        sources=forms.sources(checklist),
        levels=forms.LEVELS,
        panel_decides=caller.principal.role in PANEL_ROLES,
    )


@router.get("/cases/{case_id}/assessment")
def assessment_form(
    case_id: int, request: Request, session: DbSession, principal: CaseReader
) -> Response:
    caller = caller_of(request, principal)
    case = visible_case(session, caller, case_id)
    values = FormValues()
    for q in checklist_for(caller.settings).questions:
        values.set_default(f"assessment.{q.id}.source", "victim")
    return _form(request, caller, case, values)


@router.post("/cases/{case_id}/assessment/check")
def check_assessment(
    case_id: int, request: Request, values: Posted, session: DbSession, caller: Assessor
) -> Response:
    case = writable_case(session, caller, case_id, OPERATION)
    if values.flag("change"):  # "Change the answers" on the check page: the form as sent
        values.data.pop("change", None)
        return _form(request, caller, case, values)
    checklist = checklist_for(caller.settings)
    order: list[str] = []
    try:
        data, order = forms.assessment_request(values, checklist)
        result = evaluate(checklist, data)
    except InvalidInput as exc:
        return refused_case_form(
            session,
            caller,
            case_id,
            forms.form_errors(exc, order),
            _ERRORS,
            partial(_form, request, caller, values=values),
        )
    questions = {q.id: q for q in checklist.questions}
    return render(
        request,
        caller.principal,
        "assessment_check.html",
        title="Check the assessment before you record it",
        case=case,
        data=data,
        result=result,
        questions=questions,
        numbers={q.id: i for i, q in enumerate(checklist.questions, start=1)},
        hidden=values.carried(),
        panel_decides=caller.principal.role in PANEL_ROLES,
    )


@router.post("/cases/{case_id}/assessment")
def record_assessment(
    case_id: int, request: Request, values: Posted, session: DbSession, caller: Assessor
) -> Response:
    checklist = checklist_for(caller.settings)
    order: list[str] = []
    try:
        data, order = forms.assessment_request(values, checklist)
        out = assess_case(session=session, caller=caller, case_id=case_id, data=data)
    except RiskPanelError as exc:
        if isinstance(exc, InvalidInput):
            exc = forms.form_errors(exc, order)
        return refused_case_form(
            session, caller, case_id, exc, _ERRORS, partial(_form, request, caller, values=values)
        )
    session.commit()
    notice = "assessed-view" if isinstance(out, AgencyViewRecorded) else "assessed"
    return see_other(f"/cases/{case_id}", notice, "#timeline")
