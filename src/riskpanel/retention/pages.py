"""Retention on the web, for the coordinator and the auditor: the schedule and what is past
it, a check of exactly what a run would erase, and the run, with a confirmation.

The same service as `riskpanel retention run`: the check is its dry run (the erasure done in
the request's transaction and rolled back, so the list is exactly what a run erases, people
whose last record goes included), and the run erases at the moment the list was checked, so
what was confirmed is what is erased. Both need a fresh sign-in, like a pack's release:
erasure cannot be undone. Every erasure is an audit event; the check is logged as a
consultation of the cases it lists.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from riskpanel.api.access import FreshAuthentication
from riskpanel.audit.service import record
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import FieldError, InvalidInput, RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.retention import service
from riskpanel.retention.access import HoldKeeper, RetentionReader, RetentionRunner
from riskpanel.retention.policy import RecordType, RetentionPolicy, load_policy
from riskpanel.web.common import DbSession, Form, see_other, settings_of, web_router
from riskpanel.web.form_state import REFUSALS, Posted
from riskpanel.web.forms import FormErrors, FormValues, form_problem
from riskpanel.web.templating import form_page, render

router = web_router()
CHECK_KEEPS = timedelta(hours=1)
"""How long a checked list may be run: after that the records due may have changed."""
KINDS = {"case": "Cases", "referral": "Referrals that never became a case", "person": "People"}
RULES: dict[RecordType, str] = {
    "case": "Closed cases",
    "referral_not_accepted": "Referrals that never became a case",
    "unlinked_person": "People no record names any more",
}
COUNTED_FROM = {
    "closed_at": "after the case closed",
    "received_at": "after the referral was received",
    "created_at": "after the person was first recorded",
}


def _policy(request: Request) -> RetentionPolicy:
    return load_policy(settings_of(request).workflows_dir)


@router.get("/retention")
def retention_page(request: Request, session: DbSession, principal: RetentionReader) -> Response:
    policy = _policy(request)
    due = service.due_now(session=session, policy=policy, now=utcnow())
    schedule = [(label, policy.period(rule)) for rule, label in RULES.items()]
    holds = service.legal_holds(session=session, principal=principal)
    session.commit()
    return render(
        request,
        principal,
        "retention.html",
        title="Retention",
        due=due,
        kinds=KINDS,
        schedule=schedule,
        counted_from=COUNTED_FROM,
        holds=holds,
        places_holds=principal.role == Role.COORDINATOR,
        own_panel=principal.panel_id,
    )


def _checked(
    request: Request,
    session: Session,
    principal: Principal,
    now: datetime,
    errors: FormErrors | None = None,
) -> Response:
    """The dry run at ``now`` as a check-your-answers page, its erasure rolled back and the
    listing of the cases logged."""
    try:
        report = service.run(session=session, policy=_policy(request), now=now, principal=principal)
    finally:
        session.rollback()
    cases = service.erased_cases(session=session, report=report)
    kept = service.kept_cases(session=session, report=report)
    counts = {kind: len(ids) for kind, ids in report.erased.items()}
    record(
        session=session,
        principal=principal,
        action=AuditAction.CONSULTATION,
        subject_type="retention_run",
        purpose="retention",
        fields=["case.reference", "case.closed_at"],
        detail={"dry_run": True, "due": counts},
    )
    session.commit()
    return form_page(
        request,
        principal,
        "retention_check.html",
        title="Check what the run will erase",
        report=report,
        cases=cases,
        kept=kept,
        kinds=KINDS,
        values=FormValues(),
        errors=errors,
    )


@router.get("/retention/check")
def check_again(principal: RetentionReader) -> Response:
    """The check is a POST; a browser sent back here (after confirming it is you) starts
    again from the schedule."""
    return see_other("/retention")


@router.post("/retention/check", dependencies=[FreshAuthentication])
def check_run(request: Request, session: DbSession, principal: RetentionRunner) -> Response:
    return _checked(request, session, principal, utcnow())


def _checked_at(values: FormValues, errors: list[FieldError]) -> datetime | None:
    """The moment the confirmed list was drawn up, if it may still be run."""
    try:
        at = datetime.fromisoformat(values.get("as_at"))
    except ValueError:
        at = None
    now = utcnow()
    if at is None or at.tzinfo is None or not now - CHECK_KEEPS <= at <= now:
        errors.append(
            FieldError("confirm", "The list was checked too long ago. Check the new list below")
        )
        return None
    return at


@router.post("/retention/run", dependencies=[FreshAuthentication])
def run_retention(
    request: Request, form: Form, session: DbSession, principal: RetentionRunner
) -> Response:
    values = FormValues.of(form)
    problems: list[FieldError] = []
    at = _checked_at(values, problems)
    if at is not None and not values.flag("confirm"):
        problems.append(
            FieldError("confirm", "Select to confirm that none of these records must be kept")
        )
    if at is None or problems:
        refused = InvalidInput("; ".join(p.message for p in problems), errors=problems)
        errors = FormErrors.of(refused, fallback="confirm")
        return _checked(request, session, principal, at or utcnow(), errors)
    report = service.run(session=session, policy=_policy(request), now=at, principal=principal)
    session.commit()
    counts = {kind: len(ids) for kind, ids in report.erased.items()}
    return render(
        request, principal, "retention_done.html", title="Retention run complete", counts=counts
    )


# --- legal holds: the coordinator places and lifts them, each checked and confirmed ----------

PLACE_LABELS = {"case_reference": "Case reference", "reason": "Why the case must be kept"}
LIFT_LABELS = {"reason": "Why the case no longer needs to be kept"}


def _hold_form(
    request: Request,
    principal: Principal,
    values: FormValues,
    errors: FormErrors | None = None,
    hold: service.HoldView | None = None,
) -> Response:
    """The form to place a hold (``hold`` empty) or to lift ``hold``."""
    title = f"Lift the legal hold on {hold.case_reference}" if hold else "Place a legal hold"
    return form_page(
        request,
        principal,
        "retention_hold.html",
        title=title,
        values=values,
        errors=errors,
        hold=hold,
    )


def _place(session: Session, caller: Caller, values: FormValues) -> service.HoldView:
    """Place the hold from the form; both fields' errors at once when both are wrong."""
    problems: list[FieldError] = []
    reference, reason = values.get("case_reference"), values.get("reason")
    case_id = None
    try:
        case_id = service.case_by_reference(session=session, caller=caller, reference=reference)
    except InvalidInput as exc:
        problems += exc.errors or []
    try:
        service.hold_reason(reason, placing=True)
    except InvalidInput as exc:
        problems += exc.errors or []
    if problems or case_id is None:
        raise InvalidInput("; ".join(p.message for p in problems), errors=problems)
    return service.place_hold(session=session, caller=caller, case_id=case_id, reason=reason)


def _place_refused(
    request: Request, session: Session, caller: Caller, values: FormValues, exc: RiskPanelError
) -> Response:
    exc = form_problem(session, exc, refusals=REFUSALS)
    errors = FormErrors.of(exc, labels=PLACE_LABELS, known=PLACE_LABELS, fallback="case_reference")
    return _hold_form(request, caller.principal, values, errors)


@router.get("/retention/holds/new")
def new_hold(request: Request, caller: HoldKeeper) -> Response:
    return _hold_form(request, caller.principal, FormValues())


@router.post("/retention/holds/check", dependencies=[FreshAuthentication])
def check_hold(
    request: Request, values: Posted, session: DbSession, caller: HoldKeeper
) -> Response:
    """Check your answers: every rule of placing the hold applied, nothing kept."""
    if values.flag("change"):
        values.data.pop("change", None)
        return _hold_form(request, caller.principal, values)
    try:
        hold = _place(session, caller, values)
    except RiskPanelError as exc:
        return _place_refused(request, session, caller, values, exc)
    session.rollback()
    return _hold_check(request, caller, hold, values, "/retention/holds")


def _hold_check(
    request: Request, caller: Caller, hold: service.HoldView, values: FormValues, save: str
) -> Response:
    placing = save == "/retention/holds"
    verb = "place" if placing else "lift"
    return render(
        request,
        caller.principal,
        "retention_hold_check.html",
        title=f"Check the legal hold before you {verb} it",
        hold=hold,
        reason=values.get("reason").strip(),
        placing=placing,
        save=save,
        hidden=values.carried(),
    )


@router.post("/retention/holds", dependencies=[FreshAuthentication])
def place_hold(
    request: Request, values: Posted, session: DbSession, caller: HoldKeeper
) -> Response:
    try:
        hold = _place(session, caller, values)
    except RiskPanelError as exc:
        return _place_refused(request, session, caller, values, exc)
    session.commit()
    return _hold_done(request, caller, hold, placing=True)


def _hold_done(request: Request, caller: Caller, hold: service.HoldView, placing: bool) -> Response:
    title = "Legal hold placed" if placing else "Legal hold lifted"
    return render(
        request,
        caller.principal,
        "retention_hold_done.html",
        title=title,
        hold=hold,
        placing=placing,
    )


def _lift_refused(
    request: Request,
    session: Session,
    caller: Caller,
    case_id: int,
    values: FormValues,
    exc: RiskPanelError,
) -> Response:
    exc = form_problem(session, exc, refusals=(*REFUSALS, 409))
    hold = service.held_case(session=session, caller=caller, case_id=case_id)
    session.commit()
    errors = FormErrors.of(exc, labels=LIFT_LABELS, known=LIFT_LABELS, fallback="reason")
    return _hold_form(request, caller.principal, values, errors, hold)


def _lift(
    request: Request, session: Session, caller: Caller, case_id: int, values: FormValues
) -> service.HoldView | Response:
    """Lift the hold as the form asks, or the form again saying why not. The check and the
    lift run this same code, so the check refuses exactly what the lift would (the check's
    caller then rolls the lift back; the lift's commits it)."""
    try:
        return service.lift_hold(
            session=session, caller=caller, case_id=case_id, reason=values.get("reason")
        )
    except RiskPanelError as exc:
        return _lift_refused(request, session, caller, case_id, values, exc)


@router.get("/retention/holds/{case_id}/lift")
def lift_form(case_id: int, request: Request, session: DbSession, caller: HoldKeeper) -> Response:
    hold = service.held_case(session=session, caller=caller, case_id=case_id)
    session.commit()
    return _hold_form(request, caller.principal, FormValues(), hold=hold)


@router.post("/retention/holds/{case_id}/lift/check", dependencies=[FreshAuthentication])
def check_lift(
    case_id: int, request: Request, values: Posted, session: DbSession, caller: HoldKeeper
) -> Response:
    if values.flag("change"):
        values.data.pop("change", None)
        hold = service.held_case(session=session, caller=caller, case_id=case_id)
        session.commit()
        return _hold_form(request, caller.principal, values, hold=hold)
    lifted = _lift(request, session, caller, case_id, values)
    if isinstance(lifted, Response):
        return lifted
    session.rollback()
    return _hold_check(request, caller, lifted, values, f"/retention/holds/{case_id}/lift")


@router.post("/retention/holds/{case_id}/lift", dependencies=[FreshAuthentication])
def lift_hold(
    case_id: int, request: Request, values: Posted, session: DbSession, caller: HoldKeeper
) -> Response:
    lifted = _lift(request, session, caller, case_id, values)
    if isinstance(lifted, Response):
        return lifted
    session.commit()
    return _hold_done(request, caller, lifted, placing=False)
