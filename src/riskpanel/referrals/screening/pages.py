"""Asking the chair to reconsider a rejected referral, on the web (DOMAIN section 4).

The referrer (the referring agency, or the panel's own officers) gives a reason; the same
service as the API (``screening.request_reconsideration``) records it on the referral, tells
the panel's chairs and writes the audit row. The chair then decides on the referral page,
whose screening form offers "Send back to screening" for a rejected case.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from riskpanel.access.relations import WriteObject, require
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import InvalidInput, RiskPanelError
from riskpanel.models import Case, Referral
from riskpanel.referrals import repository as repo
from riskpanel.referrals.access import ReconsiderationAsker
from riskpanel.referrals.schemas import ReconsiderationIn
from riskpanel.referrals.screening import service as screening
from riskpanel.web.common import CaseReader, DbSession, caller_of, see_other, web_router
from riskpanel.web.form_state import Posted
from riskpanel.web.forms import FormErrors, FormValues, form_problem
from riskpanel.web.templating import form_page

router = web_router()
OPERATION = "referrals.reconsideration"
LABELS = {"reason": "Reason"}


def _referral(session: Session, caller: Caller, referral_id: int) -> Referral:
    """The referral if the caller may ask about it: 404 out of sight, 403 not its referrer."""
    referral = repo.visible_referral(
        session, caller.principal, referral_id, access_days_after_closure=caller.access_days
    )
    obj = WriteObject(referral=referral)
    require(session=session, principal=caller.principal, operation=OPERATION, obj=obj)
    return referral


def _form(
    request: Request,
    session: Session,
    caller: Caller,
    referral: Referral,
    values: FormValues,
    errors: FormErrors | None = None,
) -> Response:
    case = session.get(Case, referral.case_id) if referral.case_id else None
    asked = (referral.route_decision or {}).get("reconsideration_requests", [])
    return form_page(
        request,
        caller.principal,
        "reconsideration.html",
        title=f"Ask the chair to reconsider referral {referral.reference}",
        referral=referral,
        rejected=case is not None and case.state == "rejected",
        asked=asked,
        values=values,
        errors=errors,
    )


@router.get("/referrals/{referral_id}/reconsideration")
def reconsideration_form(
    referral_id: int, request: Request, session: DbSession, principal: CaseReader
) -> Response:
    caller = caller_of(request, principal)
    referral = _referral(session, caller, referral_id)
    return _form(request, session, caller, referral, FormValues())


@router.post("/referrals/{referral_id}/reconsideration")
def ask_for_reconsideration(
    referral_id: int,
    request: Request,
    values: Posted,
    session: DbSession,
    caller: ReconsiderationAsker,
) -> Response:
    try:
        reason = values.text("reason")
        if reason is None:
            raise InvalidInput.field(
                "reason", "Enter why the chair should reconsider the rejection"
            )
        data = ReconsiderationIn(reason=reason)
        screening.request_reconsideration(
            session=session, caller=caller, referral_id=referral_id, data=data
        )
    except (RiskPanelError, ValidationError) as exc:
        problem = form_problem(session, exc, refusals=(403, 404))
        referral = _referral(session, caller, referral_id)
        errors = FormErrors.of(problem, labels=LABELS, fallback="reason")
        return _form(request, session, caller, referral, values, errors)
    session.commit()
    return see_other(f"/referrals/{referral_id}", "reconsideration")
