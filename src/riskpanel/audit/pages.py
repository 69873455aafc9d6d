"""The access log for auditors, with filters (the search itself is logged by the service)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from riskpanel.audit import repository
from riskpanel.audit.access import Auditor
from riskpanel.kit.errors import FieldError, InvalidInput
from riskpanel.kit.text import is_ascii_digits
from riskpanel.models import AuditEvent
from riskpanel.models.enums import AuditAction
from riskpanel.web.common import DbSession, web_router
from riskpanel.web.forms import FormErrors, FormValues, check, parse_date
from riskpanel.web.templating import TZ, render

router = web_router()
ACTIONS = [(a.value, a.value.replace("_", " ").capitalize()) for a in AuditAction]
LABELS = {"case": "Case reference", "email": "User's email address", "agency": "Agency"}


def _named(session: Session, values: FormValues, errors: list[FieldError]) -> dict[str, int | None]:
    """The ids behind what the auditor typed: a case reference, an email, an agency chosen
    by name. A reference or email that names nothing is an error on its field, not an empty
    result that looks like "nobody touched it"."""
    ids: dict[str, int | None] = {"case_id": None, "user_id": None, "agency_id": None}
    reference, email = values.get("case").strip(), values.get("email").strip()
    if reference:
        ids["case_id"] = repository.case_id_for_reference(session, reference)
        if ids["case_id"] is None:
            errors.append(FieldError("case", "No case has this reference. Check it and try again"))
    if email:
        ids["user_id"] = repository.user_id_for_email(session, email)
        if ids["user_id"] is None:
            errors.append(FieldError("email", "No user has this email address. Check it"))
    agency = values.get("agency").strip()
    if agency:
        known = dict(repository.agency_choices(session))
        if not (is_ascii_digits(agency) and len(agency) < 10 and int(agency) in known):
            errors.append(FieldError("agency", "Select an agency from the list"))
        else:
            ids["agency_id"] = int(agency)
    return ids


def _filters(session: Session, values: FormValues) -> repository.AuditFilter:
    errors: list[FieldError] = []
    ids = _named(session, values, errors)
    start = parse_date(values, "from", errors)
    end = parse_date(values, "to", errors)
    action = values.get("action")
    if action and action not in {a for a, _ in ACTIONS}:
        errors.append(FieldError("action", "Select an operation from the list"))
    check(errors)
    return repository.AuditFilter(
        **ids,
        from_=datetime.combine(start, datetime.min.time(), tzinfo=TZ) if start else None,
        to=datetime.combine(end, datetime.max.time(), tzinfo=TZ) if end else None,
        action=AuditAction(action) if action else None,
    )


@router.get("/audit")
def access_log(request: Request, session: DbSession, principal: Auditor) -> Response:
    values = FormValues({k: request.query_params.getlist(k) for k in request.query_params})
    errors: FormErrors | None = None
    rows: list[AuditEvent] = []
    next_cursor: str | None = None
    try:
        filters = _filters(session, values)
        cursor = request.query_params.get("cursor") or None
        rows, next_cursor = repository.logged_search(
            session=session, principal=principal, filters=filters, limit=100, cursor=cursor
        )
    except InvalidInput as exc:
        session.rollback()
        errors = FormErrors.of(exc, labels=LABELS)
    params = urlencode([(k, v) for k, vs in values.data.items() if k != "cursor" for v in vs if v])
    return render(
        request,
        principal,
        "audit.html",
        status_code=422 if errors else 200,
        title="Access log",
        rows=rows,
        names=repository.names_for(session, rows),
        agencies=[(str(i), name) for i, name in repository.agency_choices(session)],
        next_cursor=next_cursor,
        actions=ACTIONS,
        values=values,
        errors=errors,
        params=params,
    )
