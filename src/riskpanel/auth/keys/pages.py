"""Administration of agency API keys: issued or rotated (the whole key is shown on the
answering page once; only its keyed hash is stored), and revoked. The keys service audits
every change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from riskpanel.agencies.service import agency_names
from riskpanel.api.access import FreshAuthentication
from riskpanel.auth.access import Admin, KeyIssuer, KeyRevoker, KeyRotator
from riskpanel.auth.keys import service as keys
from riskpanel.auth.keys.schemas import KeyCreate
from riskpanel.kit.errors import Conflict, FieldError, InvalidInput, RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.kit.text import is_ascii_digits
from riskpanel.web.common import DbSession, Form, notice_of, see_other, settings_of, web_router
from riskpanel.web.forms import FormErrors, FormValues, check, invalid_from
from riskpanel.web.templating import render

router = web_router()
DEFAULT_KEY_DAYS = 365
MAX_KEY_DAYS = 730
MAX_OVERLAP_MINUTES = 1440
KEY_LABELS = {
    "agency_id": "Agency",
    "name": "Name of the key",
    "expires_in_days": "Days until the key expires",
}


@dataclass(frozen=True)
class IssuedKey:
    """A key just issued: the page shows the whole token this once, and never again."""

    name: str
    prefix: str
    token: str
    agency_id: int
    replaces: str | None


def _keys_page(
    request: Request,
    session: Session,
    principal: Principal,
    *,
    values: FormValues | None = None,
    errors: FormErrors | None = None,
    issued: IssuedKey | None = None,
    status_code: int = 200,
) -> Response:
    """The keys, the issue form, and (once, straight after issue or rotation) a new key."""
    rows = keys.list_keys(session=session)
    form_values = values or FormValues()
    form_values.set_default("expires_in_days", DEFAULT_KEY_DAYS)
    return render(
        request,
        principal,
        "admin_keys.html",
        status_code=status_code,
        title="API keys",
        keys=[(k, keys.is_active(k)) for k in rows],
        agencies=agency_names(session=session),
        issued=issued,
        values=form_values,
        errors=errors,
        notice=notice_of(request),
    )


@router.get("/admin/keys")
def keys_page(request: Request, session: DbSession, principal: Admin) -> Response:
    return _keys_page(request, session, principal)


def _days(values: FormValues, name: str, errors: list[FieldError]) -> int:
    raw = values.get(name).strip() or str(DEFAULT_KEY_DAYS)
    if is_ascii_digits(raw) and 1 <= int(raw) <= MAX_KEY_DAYS:
        return int(raw)
    errors.append(FieldError(name, f"Enter a whole number of days from 1 to {MAX_KEY_DAYS}"))
    return DEFAULT_KEY_DAYS


def key_request(values: FormValues, agencies: dict[int, str]) -> tuple[int, KeyCreate]:
    """The issue form as the service's input, or ``InvalidInput`` naming each field."""
    errors: list[FieldError] = []
    agency_id = values.id("agency_id")
    if agency_id not in agencies:
        errors.append(FieldError("agency_id", "Select the agency whose system will use the key"))
    name = values.get("name").strip()
    if not name:
        errors.append(FieldError("name", "Enter a name for the key, such as the system using it"))
    days = _days(values, "expires_in_days", errors)
    check(errors)
    try:
        return agency_id or 0, KeyCreate(name=name, expires_in_days=days)
    except ValidationError as exc:
        raise invalid_from(exc) from exc


@router.post("/admin/keys", dependencies=[FreshAuthentication])
def issue_key(request: Request, form: Form, session: DbSession, principal: KeyIssuer) -> Response:
    values = FormValues.of(form)
    try:
        agency_id, data = key_request(values, agency_names(session=session))
        given = data.model_dump() | {"secret_key": settings_of(request).secret_key}
        key, token = keys.create_key(
            session=session, principal=principal, agency_id=agency_id, **given
        )
    except RiskPanelError as exc:
        session.rollback()
        errors = FormErrors.of(exc, labels=KEY_LABELS, fallback="name")
        return _keys_page(
            request, session, principal, values=values, errors=errors, status_code=exc.status
        )
    session.commit()
    issued = IssuedKey(key.name, key.prefix, token, agency_id, replaces=None)
    return _keys_page(request, session, principal, issued=issued)


def _overlap(values: FormValues, name: str) -> int:
    raw = values.get(name).strip() or "0"
    if is_ascii_digits(raw) and int(raw) <= MAX_OVERLAP_MINUTES:
        return int(raw)
    raise InvalidInput.field(
        name, f"Enter a whole number of minutes from 0 to {MAX_OVERLAP_MINUTES} (a day)"
    )


@router.post("/admin/keys/{agency_id}/{key_id}/rotate", dependencies=[FreshAuthentication])
def rotate_key(
    agency_id: int,
    key_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: KeyRotator,
) -> Response:
    values = FormValues.of(form)
    name = f"overlap-{key_id}"
    try:
        given: dict[str, Any] = {
            "overlap_minutes": _overlap(values, name),
            "expires_in_days": DEFAULT_KEY_DAYS,
        }
        given["secret_key"] = settings_of(request).secret_key
        new, token, old = keys.rotate_key(
            session=session, principal=principal, agency_id=agency_id, key_id=key_id, **given
        )
    except RiskPanelError as exc:
        if exc.status == 404:
            raise
        session.rollback()
        if isinstance(exc, Conflict):
            errors = FormErrors([("", exc.detail)])
            errors.fallback_anchor = "keys"
        else:
            errors = FormErrors.of(exc, fallback=name)
        return _keys_page(
            request, session, principal, values=values, errors=errors, status_code=exc.status
        )
    session.commit()
    issued = IssuedKey(new.name, new.prefix, token, agency_id, replaces=old.prefix)
    return _keys_page(request, session, principal, issued=issued)


@router.post("/admin/keys/{agency_id}/{key_id}/revoke")
def revoke_key(agency_id: int, key_id: int, session: DbSession, principal: KeyRevoker) -> Response:
    keys.revoke_key(session=session, principal=principal, agency_id=agency_id, key_id=key_id)
    session.commit()
    return see_other("/admin/keys", "key")
