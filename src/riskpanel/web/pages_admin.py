"""Administration (no case content): users, agencies and their sharing agreements, and
agency API keys (issued once, revocable)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from riskpanel.agencies.service import list_agencies, sharing_agreement_in_force
from riskpanel.auth import keys
from riskpanel.auth.principal import Principal
from riskpanel.auth.rules import allow
from riskpanel.errors import RiskPanelError
from riskpanel.models import utcnow
from riskpanel.roles import Role
from riskpanel.users import service as users
from riskpanel.users.schemas import UserCreate, UserUpdate
from riskpanel.web.common import DbSession, Form, notice_of, see_other, web_router
from riskpanel.web.forms import FormErrors, FormValues, invalid_from
from riskpanel.web.lookups import agency_names, panel_names
from riskpanel.web.templating import render

router = web_router()
Admin = Annotated[Principal, Depends(allow(Role.ADMIN))]
ROLES = [
    (r, r.capitalize()) for r in ("coordinator", "chair", "agency", "scrutiny", "auditor", "admin")
]
USER_LABELS = {
    "email": "Email address",
    "display_name": "Name",
    "role": "Role",
    "agency_id": "Agency",
    "panel_id": "Panel",
    "password": "Password",
}


def _users_page(
    request: Request,
    session: Session,
    principal: Principal,
    values: FormValues | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    page = users.list_users(session=session, limit=200)
    return render(
        request,
        principal,
        "admin_users.html",
        status_code=status_code,
        title="Users",
        users=page.items,
        etags={
            u.id: users.user_etag(users.get_user(session=session, user_id=u.id)) for u in page.items
        },
        agencies=agency_names(session),
        panels=panel_names(session),
        roles=ROLES,
        values=values or FormValues(),
        errors=errors,
        notice=notice_of(request),
    )


@router.get("/admin/users")
def users_page(request: Request, session: DbSession, principal: Admin) -> Response:
    return _users_page(request, session, principal)


def _id(values: FormValues, name: str) -> int | None:
    raw = values.get(name)
    return int(raw) if raw.isdigit() else None


@router.post("/admin/users")
def create_user(request: Request, form: Form, session: DbSession, principal: Admin) -> Response:
    values = FormValues.of(form)
    body: dict[str, Any] = {
        "email": values.get("email").strip(),
        "display_name": values.get("display_name").strip(),
        "role": values.get("role") or None,
        "agency_id": _id(values, "agency_id"),
        "panel_id": _id(values, "panel_id"),
        "password": values.get("password") or None,
    }
    try:
        users.create_user(
            session=session, principal=principal, data=UserCreate.model_validate(body)
        )
    except (RiskPanelError, ValidationError) as exc:
        session.rollback()
        problem = exc if isinstance(exc, RiskPanelError) else invalid_from(exc)
        values.data.pop("password", None)
        errors = FormErrors.of(problem, labels=USER_LABELS, fallback="email")
        return _users_page(request, session, principal, values, errors, problem.status)
    session.commit()
    return see_other("/admin/users", "user")


@router.post("/admin/users/{user_id}/active")
def set_active(
    user_id: int, request: Request, form: Form, session: DbSession, principal: Admin
) -> Response:
    values = FormValues.of(form)
    try:
        users.update_user(
            session=session,
            principal=principal,
            user_id=user_id,
            data=UserUpdate(active=values.get("active") == "yes"),
            if_match=values.text("if_match"),
        )
    except RiskPanelError as exc:
        if exc.status == 404:
            raise
        session.rollback()
        errors = FormErrors.of(exc, fallback="users")
        return _users_page(request, session, principal, None, errors, exc.status)
    session.commit()
    return see_other("/admin/users", "user")


@router.get("/admin/agencies")
def agencies_page(request: Request, session: DbSession, principal: Admin) -> Response:
    today = utcnow().date()
    rows = [(a, sharing_agreement_in_force(a, on=today)) for a in list_agencies(session=session)]
    return render(request, principal, "admin_agencies.html", title="Agencies", agencies=rows)


@router.get("/admin/keys")
def keys_page(request: Request, session: DbSession, principal: Admin) -> Response:
    rows = keys.list_keys(session=session)
    return render(
        request,
        principal,
        "admin_keys.html",
        title="API keys",
        keys=[(k, keys.is_active(k)) for k in rows],
        agencies=agency_names(session),
        notice=notice_of(request),
    )


@router.post("/admin/keys/{agency_id}/{key_id}/revoke")
def revoke_key(agency_id: int, key_id: int, session: DbSession, principal: Admin) -> Response:
    keys.revoke_key(session=session, principal=principal, agency_id=agency_id, key_id=key_id)
    session.commit()
    return see_other("/admin/keys", "key")
