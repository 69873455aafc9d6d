"""Invitation pages: the admin's one-time view of a link, and the page the link opens.

The set-password form carries its own double-submit token (a cookie plus a hidden field,
as the sign-in form does), so another site cannot post someone else's link from a
visitor's browser and sign them in to that account. An unknown, expired, used or
withdrawn link gets a page saying so, and nothing is written.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from riskpanel.api.access import public
from riskpanel.auth import sessions
from riskpanel.auth.cookies import FormTokenCookie, set_session_cookie
from riskpanel.kit.errors import InvalidInput, RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.models import User
from riskpanel.users.access import InvitationTaker, Inviter
from riskpanel.users.invitations import service
from riskpanel.web.common import DbSession, Form, see_other, settings_of, web_router
from riskpanel.web.forms import FormErrors, FormValues
from riskpanel.web.templating import render

router = web_router()
FORM_COOKIE = "riskpanel_invitation"
INVITATION_FORM = FormTokenCookie(FORM_COOKIE, "/invitations")
Anyone = Annotated[Principal, Depends(public())]
LABELS = {"password": "Password", "confirmation": "Confirm password"}


def invitation_page(
    request: Request,
    principal: Principal,
    user: User,
    issued: service.IssuedInvitation,
    *,
    added: bool,
) -> Response:
    """The link, shown this once (only its hash is kept), for the admin to send."""
    return render(
        request,
        principal,
        "invitation_issued.html",
        title="Invitation link",
        person=user,
        link=issued.link(settings_of(request).base_url),
        expires_at=issued.invitation.expires_at,
        added=added,
    )


@router.post("/admin/users/{user_id}/invitation")
def reissue(user_id: int, request: Request, session: DbSession, principal: Inviter) -> Response:
    settings = settings_of(request)
    user = service.invitee(session=session, user_id=user_id)
    try:
        issued = service.invite(session=session, principal=principal, user=user, settings=settings)
    except RiskPanelError as exc:
        session.rollback()
        return _admin_refusal(request, principal, exc)
    session.commit()
    return invitation_page(request, principal, user, issued, added=False)


@router.post("/admin/users/{user_id}/invitation/revoke")
def revoke(user_id: int, request: Request, session: DbSession, principal: Inviter) -> Response:
    user = service.invitee(session=session, user_id=user_id)
    try:
        service.revoke(session=session, principal=principal, user=user)
    except RiskPanelError as exc:
        session.rollback()
        return _admin_refusal(request, principal, exc)
    session.commit()
    return see_other("/admin/users", "invitation-withdrawn")


def _admin_refusal(request: Request, principal: Principal, exc: RiskPanelError) -> Response:
    return render(
        request,
        principal,
        "error.html",
        status_code=exc.status,
        title="The invitation was not changed",
        message=exc.detail,
        signed_in=True,
    )


def _unusable(request: Request, reason: service.Unusable) -> Response:
    status = 404 if reason is service.Unusable.UNKNOWN else 410
    return render(
        request,
        None,
        "invitation_unusable.html",
        status_code=status,
        title="This link cannot be used",
        reason=reason.value,
    )


def _form(
    request: Request, token: str, person: User, errors: FormErrors | None = None, status: int = 200
) -> Response:
    form_token = INVITATION_FORM.token(request)
    response = render(
        request,
        None,
        "invitation.html",
        status_code=status,
        title="Set your password",
        person=person,
        token=token,
        form_token=form_token,
        values=FormValues(),
        errors=errors,
    )
    return INVITATION_FORM.set(response, form_token, settings=settings_of(request))


@router.get("/invitations/{token}")
def invitation(token: str, request: Request, session: DbSession, caller: Anyone) -> Response:
    try:
        _, person = service.usable(
            session=session, token=token, key=settings_of(request).secret_key
        )
    except service.InvitationUnusable as exc:
        return _unusable(request, exc.reason)
    return _form(request, token, person)


@router.post("/invitations/{token}")
def accept(
    token: str, request: Request, form: Form, session: DbSession, caller: InvitationTaker
) -> Response:
    values = FormValues.of(form)
    settings = settings_of(request)
    try:
        _, person = service.usable(session=session, token=token, key=settings.secret_key)
        if not INVITATION_FORM.matches(request, values.get("form_token")):
            errors = FormErrors([("password", "This form expired. Enter your password again")])
            return _form(request, token, person, errors, 400)
        user = service.accept(
            session=session,
            token=token,
            key=settings.secret_key,
            password=values.get("password"),
            confirmation=values.get("confirmation"),
        )
    except service.InvitationUnusable as exc:
        session.rollback()
        return _unusable(request, exc.reason)
    except InvalidInput as exc:
        session.rollback()
        return _form(request, token, person, FormErrors.of(exc, labels=LABELS), 422)
    return _signed_in(request, session, caller, user)


def _signed_in(request: Request, session: Session, caller: Principal, user: User) -> Response:
    """Sign the person in (a fresh session: no fixation), or say who must approve first."""
    if caller.via_cookie:
        sessions.sign_out(session=session, principal=caller)
    response: Response
    if not user.active:
        session.commit()
        response = render(
            request, None, "invitation_waiting.html", title="Password set", person=user
        )
    else:
        settings = settings_of(request)
        signed = sessions.open_session(
            session=session,
            user=user,
            key=settings.secret_key,
            max_age_seconds=settings.session_max_age_seconds,
        )
        session.commit()
        response = RedirectResponse("/", status_code=303)
        set_session_cookie(
            response,
            token=signed.session_token,
            expires_at=signed.web_session.expires_at,
            settings=settings,
        )
    INVITATION_FORM.clear(response)
    return response
