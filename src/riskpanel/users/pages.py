"""Administration of people (no case content): list, invite, approve, disable, re-enable.

Adding a person shows their one-time invitation link once (``invitations/pages.py`` has
the page it opens). Accounts waiting for a second person's approval are listed for admins
and chairs on ``/approvals``. The agencies page is ``agencies/pages.py``; agency API keys
are ``auth/keys/pages.py``."""

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
from riskpanel.users.access import Admin, ApprovalReader, Approver, UserCreator, UserEditor
from riskpanel.users.invitations.pages import invitation_page
from riskpanel.users.schemas import UserCreate, UserUpdate
from riskpanel.web.common import DbSession, Form, notice_of, see_other, settings_of, web_router
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
}


Refused = tuple[FormErrors, int]


def _admin_page(
    request: Request,
    session: Session,
    principal: Principal,
    template: str,
    refused: Refused | None,
    **context: object,
) -> Response:
    """A people administration page: the names of agencies and panels, any notice, and the
    errors of a refused form with its status code."""
    errors, status_code = refused or (None, 200)
    return render(
        request,
        principal,
        template,
        status_code=status_code,
        agencies=agency_names(session=session),
        panels=panel_names(session=session),
        errors=errors,
        notice=notice_of(request),
        **context,
    )


def _users_page(
    request: Request,
    session: Session,
    principal: Principal,
    values: FormValues | None = None,
    refused: Refused | None = None,
) -> Response:
    page = users.list_users(session=session, limit=200)
    etags = {
        u.id: users.user_etag(users.get_user(session=session, user_id=u.id)) for u in page.items
    }
    return _admin_page(
        request,
        session,
        principal,
        "admin_users.html",
        refused,
        title="Users",
        users=page.items,
        etags=etags,
        roles=ROLES,
        names={u.id: u.display_name for u in page.items},
        values=values or FormValues(),
    )


@router.get("/admin/users")
def users_page(request: Request, session: DbSession, principal: Admin) -> Response:
    return _users_page(request, session, principal)


@router.post("/admin/users")
def create_user(
    request: Request, form: Form, session: DbSession, principal: UserCreator
) -> Response:
    values = FormValues.of(form)
    body: dict[str, Any] = {
        "email": values.get("email").strip(),
        "display_name": values.get("display_name").strip(),
        "role": values.get("role") or None,
        "agency_id": values.id("agency_id"),
        "panel_id": values.id("panel_id"),
    }
    try:
        user, issued = users.create_user(
            session=session,
            principal=principal,
            data=UserCreate.model_validate(body),
            settings=settings_of(request),
        )
    except (RiskPanelError, ValidationError) as exc:
        session.rollback()
        problem = exc if isinstance(exc, RiskPanelError) else invalid_from(exc)
        errors = FormErrors.of(problem, labels=USER_LABELS, fallback="email")
        return _users_page(request, session, principal, values, (errors, problem.status))
    session.commit()
    return invitation_page(request, principal, user, issued, added=True)


@router.post("/admin/users/{user_id}/active")
def set_active(
    user_id: int, request: Request, form: Form, session: DbSession, principal: UserEditor
) -> Response:
    values = FormValues.of(form)
    try:
        users.update_user(
            session=session,
            principal=principal,
            user_id=user_id,
            data=UserUpdate(active=values.get("active") == "yes"),
            if_match=values.text("if_match"),
            settings=settings_of(request),
        )
    except RiskPanelError as exc:
        if exc.status == 404:
            raise
        session.rollback()
        errors = FormErrors.of(exc, fallback="users")
        return _users_page(request, session, principal, None, (errors, exc.status))
    session.commit()
    return see_other("/admin/users", "user")


def _approvals_page(
    request: Request, session: Session, principal: Principal, refused: Refused | None = None
) -> Response:
    waiting = users.awaiting_approval(session=session)
    creators = users.display_names(
        session=session, user_ids=[u.requested_by_user_id for u in waiting]
    )
    return _admin_page(
        request,
        session,
        principal,
        "approvals.html",
        refused,
        title="Account approvals",
        waiting=waiting,
        creators=creators,
    )


@router.get("/approvals")
def approvals_page(request: Request, session: DbSession, principal: ApprovalReader) -> Response:
    return _approvals_page(request, session, principal)


@router.post("/approvals/{user_id}")
def approve(user_id: int, request: Request, session: DbSession, principal: Approver) -> Response:
    try:
        users.approve(session=session, principal=principal, user_id=user_id)
    except RiskPanelError as exc:
        if exc.status == 404:
            raise
        session.rollback()
        errors = FormErrors.of(exc, fallback="waiting")
        return _approvals_page(request, session, principal, (errors, exc.status))
    session.commit()
    return see_other("/approvals", "account-approved")
