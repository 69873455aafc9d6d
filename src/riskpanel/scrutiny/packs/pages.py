"""The coordinator's side of community scrutiny: draw a pack (a random sample of the period's
closed cases), see every anonymised summary with what was removed highlighted, release the
reviewed pack to named recipients, or discard a draft.

The chair may look at everything here; only the coordinator changes anything, which the
scrutiny service enforces as well as the access rules. Every read of a summary is logged by
the service as a consultation of the case's scrutiny summary; release is a disclosure.
One summary's review (remove more text, withhold, mark reviewed) is in
:mod:`riskpanel.scrutiny.summaries.pages`; feedback in :mod:`riskpanel.scrutiny.feedback.pages`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from riskpanel.api.access import FreshAuthentication
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import FieldError, InvalidInput, RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.kit.text import is_ascii_digits
from riskpanel.scrutiny import access
from riskpanel.scrutiny.access import PackWriter, PackWriterCaller
from riskpanel.scrutiny.feedback import service as feedback
from riskpanel.scrutiny.forms import Shown, form_page, refusal_errors
from riskpanel.scrutiny.packs import release as releases
from riskpanel.scrutiny.packs import service as pack_service
from riskpanel.scrutiny.packs.schemas import PackCreate, ReleaseIn
from riskpanel.scrutiny.statistics.charts import layouts
from riskpanel.scrutiny.summaries.highlight import summary_pieces
from riskpanel.web.common import (
    Coordinator,
    DbSession,
    Form,
    PanelUser,
    notice_of,
    see_other,
    web_router,
)
from riskpanel.web.forms import FormErrors, FormValues, check, invalid_from, parse_date
from riskpanel.web.templating import render

router = web_router()
BASE = "/scrutiny/review"
MAX_SAMPLE = 200
MAX_K = 50
PACK_LABELS = {
    "period_start": "First day of the period",
    "period_end": "Last day of the period",
    "sample_size": "Number of cases to sample",
    "title": "Title",
    "k": "Smallest group",
    "recipients": "Recipients",
}
DEFAULT_RECIPIENTS = "Community scrutiny panel"


@router.get(BASE)
def pack_list(request: Request, session: DbSession, principal: PanelUser) -> Response:
    rows, _ = pack_service.list_packs(
        session=session, principal=principal, limit=100, after_id=None
    )
    waiting = feedback.list_feedback(
        session=session, principal=principal, pack_id=None, answered=False, limit=500
    )
    session.commit()
    return render(
        request,
        principal,
        "scrutiny_review_packs.html",
        title="Scrutiny packs",
        packs=rows,
        waiting=len(waiting),
        notice=notice_of(request),
    )


def _new_page(request: Request, principal: Principal, shown: Shown) -> Response:
    return render(
        request,
        principal,
        "scrutiny_review_new.html",
        status_code=shown.status_code,
        title="Draw a scrutiny pack",
        values=shown.values,
        errors=shown.errors,
    )


def _date_defaults(values: FormValues, name: str, day: date) -> None:
    for part in ("day", "month", "year"):
        values.set_default(f"{name}.{part}", getattr(day, part))


@router.get(BASE + "/new")
def new_pack(request: Request, principal: Coordinator) -> Response:
    values = FormValues()
    today = date.today()
    _date_defaults(values, "period_start", date(today.year - 1, today.month, 1))
    _date_defaults(values, "period_end", today)
    values.set_default("sample_size", 10)
    return _new_page(request, principal, Shown(values))


def _sample_size(values: FormValues, errors: list[FieldError]) -> int | None:
    raw = values.get("sample_size").strip()
    if is_ascii_digits(raw) and 1 <= int(raw) <= MAX_SAMPLE:
        return int(raw)
    message = f"Enter the number of cases to sample, a whole number from 1 to {MAX_SAMPLE}"
    errors.append(FieldError("sample_size", message))
    return None


def pack_request(values: FormValues) -> PackCreate:
    """The form as the service's model, or ``InvalidInput`` naming each field at fault."""
    errors: list[FieldError] = []
    start = parse_date(values, "period_start", errors)
    end = parse_date(values, "period_end", errors)
    named = {e.field for e in errors}
    for name, day, what in (("period_start", start, "first"), ("period_end", end, "last")):
        if day is None and name not in named:
            errors.append(FieldError(name, f"Enter the {what} day of the period"))
    if start and end and end < start:
        errors.append(FieldError("period_end", "must be the same as or after the first day"))
    elif start and end and (end - start).days > 3 * 366:
        errors.append(FieldError("period_end", "is more than three years after the first day"))
    size = _sample_size(values, errors)
    k = values.get("k").strip()
    if k and not (is_ascii_digits(k) and 3 <= int(k) <= MAX_K):
        errors.append(FieldError("k", f"Enter a whole number from 3 to {MAX_K}, or leave it empty"))
    check(errors)
    body: dict[str, Any] = {"period_start": start, "period_end": end, "sample_size": size}
    if k:
        body["k"] = int(k)
    if values.text("title"):
        body["title"] = values.text("title")
    try:
        return PackCreate.model_validate(body)
    except ValidationError as exc:
        problem = invalid_from(exc)
        raise InvalidInput(
            problem.detail,
            errors=[FieldError(e.field or "title", e.message) for e in problem.errors],
        ) from exc


@router.post(BASE + "/new")
def create_pack(
    request: Request, form: Form, session: DbSession, caller: PackWriterCaller
) -> Response:
    values = FormValues.of(form)
    try:
        data = pack_request(values)
        pack = pack_service.create_pack(session=session, caller=caller, data=data)
    except RiskPanelError as exc:
        session.rollback()
        errors = FormErrors.of(exc, labels=PACK_LABELS, fallback="period_start")
        return _new_page(request, caller.principal, Shown(values, errors, exc.status))
    session.commit()
    return see_other(f"{BASE}/packs/{pack.id}", "pack")


def _pack_page(
    request: Request,
    session: Session,
    principal: Principal,
    pack_id: int,
    shown: Shown | None = None,
) -> Response:
    pack = access.get_pack(session, principal, pack_id)
    detail = releases.pack_detail(session=session, principal=principal, pack=pack)
    report = None
    if detail.status == "released":
        report = feedback.feedback_report(session=session, principal=principal, pack_id=pack_id)
    session.commit()
    shown = shown or Shown()
    shown.values.set_default("recipients", DEFAULT_RECIPIENTS)
    stats = detail.statistics
    return form_page(
        request,
        principal,
        "scrutiny_review_pack.html",
        shown,
        title=detail.title,
        pack=detail,
        texts={s.id: summary_pieces(s) for s in detail.summaries},
        report=report,
        charts=layouts(stats) if stats else {},
    )


@router.get(BASE + "/packs/{pack_id}")
def pack_page(pack_id: int, request: Request, session: DbSession, principal: PanelUser) -> Response:
    return _pack_page(request, session, principal, pack_id)


def recipients_of(values: FormValues) -> list[str]:
    return [line.strip() for line in values.get("recipients").splitlines() if line.strip()]


def _release(session: Session, caller: Caller, pack_id: int, values: FormValues) -> None:
    """Release the pack to the recipients on the form (checked by the API's own schema)."""
    try:
        data = ReleaseIn(recipients=recipients_of(values))
    except ValidationError as exc:
        message = "Enter who the pack is released to: up to 50, one a line, 200 characters each"
        raise InvalidInput.field("recipients", message) from exc
    pack = access.get_pack(session, caller.principal, pack_id, for_update=True)
    releases.release_pack(session=session, caller=caller, pack=pack, recipients=data.recipients)


@router.post(BASE + "/packs/{pack_id}/release", dependencies=[FreshAuthentication])
def release(
    pack_id: int, request: Request, form: Form, session: DbSession, caller: PackWriterCaller
) -> Response:
    values = FormValues.of(form)
    try:
        _release(session, caller, pack_id, values)
    except RiskPanelError as exc:
        errors = refusal_errors(
            session, exc, anchor="summaries", fallback="recipients", labels=PACK_LABELS
        )
        shown = Shown(values, errors, exc.status)
        return _pack_page(request, session, caller.principal, pack_id, shown)
    session.commit()
    return see_other(f"{BASE}/packs/{pack_id}", "released")


@router.post(BASE + "/packs/{pack_id}/discard")
def discard(pack_id: int, session: DbSession, principal: PackWriter) -> Response:
    pack_service.discard_pack(session=session, principal=principal, pack_id=pack_id)
    session.commit()
    return see_other(BASE, "discarded")
