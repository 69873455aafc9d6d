"""The access log for auditors, with filters (the search itself is logged by the service)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

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
ID_FIELDS = ("case_id", "person_id", "user_id", "agency_id")


def _filters(values: FormValues) -> repository.AuditFilter:
    errors: list[FieldError] = []
    ids: dict[str, int | None] = {}
    for name in ID_FIELDS:
        raw = values.get(name).strip()
        if raw and not (is_ascii_digits(raw) and 0 < int(raw) < 2**31):
            errors.append(FieldError(name, "must be a whole number, for example 42"))
        ids[name] = int(raw) if is_ascii_digits(raw) and 0 < int(raw) < 2**31 else None
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
        filters = _filters(values)
        cursor = request.query_params.get("cursor") or None
        rows, next_cursor = repository.logged_search(
            session=session, principal=principal, filters=filters, limit=100, cursor=cursor
        )
    except InvalidInput as exc:
        session.rollback()
        errors = FormErrors.of(
            exc,
            labels={
                "case_id": "Case number",
                "person_id": "Person number",
                "user_id": "User number",
                "agency_id": "Agency number",
            },
        )
    params = urlencode([(k, v) for k, vs in values.data.items() if k != "cursor" for v in vs if v])
    return render(
        request,
        principal,
        "audit.html",
        status_code=422 if errors else 200,
        title="Access log",
        rows=rows,
        next_cursor=next_cursor,
        actions=ACTIONS,
        values=values,
        errors=errors,
        params=params,
    )
