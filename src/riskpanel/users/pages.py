"""Administration of people (no case content): list, create, disable and re-enable users.

The agencies page is ``agencies/pages.py``; agency API keys are ``auth/keys/pages.py``."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from riskpanel.agencies.service import agency_names
from riskpanel.kit.errors import RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.panels.service import panel_names
from riskpanel.users import service as users
from riskpanel.users.access import Admin, UserCreator, UserEditor
from riskpanel.users.schemas import UserCreate, UserUpdate
from riskpanel.web.common import DbSession, Form, notice_of, see_other, web_router
from riskpanel.web.forms import FormErrors, FormValues, invalid_from
from riskpanel.web.templating import render

router = web_router()
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
        agencies=agency_names(session=session),
        panels=panel_names(session=session),
        roles=ROLES,
        values=values or FormValues(),
        errors=errors,
        notice=notice_of(request),
    )


@router.get("/admin/users")
def users_page(request: Request, session: DbSession, principal: Admin) -> Response:
    return _users_page(request, session, principal)


@router.post("/admin/users")
def create_user(
    request: Request,
    form: Form,
    session: DbSession,
    principal: UserCreator,
) -> Response:
    values = FormValues.of(form)
    body: dict[str, Any] = {
        "email": values.get("email").strip(),
        "display_name": values.get("display_name").strip(),
        "role": values.get("role") or None,
        "agency_id": values.id("agency_id"),
        "panel_id": values.id("panel_id"),
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
    user_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: UserEditor,
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
