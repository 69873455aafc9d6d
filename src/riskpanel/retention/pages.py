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
from riskpanel.kit.errors import FieldError, InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.models import utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.retention import service
from riskpanel.retention.access import RetentionReader, RetentionRunner
from riskpanel.retention.policy import RecordType, RetentionPolicy, load_policy
from riskpanel.web.common import DbSession, Form, see_other, settings_of, web_router
from riskpanel.web.forms import FormErrors, FormValues
from riskpanel.web.templating import render

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
    return render(
        request,
        principal,
        "retention.html",
        title="Retention",
        due=due,
        kinds=KINDS,
        schedule=schedule,
        counted_from=COUNTED_FROM,
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
    return render(
        request,
        principal,
        "retention_check.html",
        status_code=errors.status if errors else 200,
        title="Check what the run will erase",
        report=report,
        cases=cases,
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
