"""Signing in and out with the security service's sessions, and each role's home page.

The sign-in form carries its own double-submit token (a cookie plus a hidden field), so a
third-party site cannot sign a browser into someone else's account (login CSRF).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from riskpanel.api.access import public
from riskpanel.auth import sessions, throttle
from riskpanel.auth.access import SignIn, SignOut
from riskpanel.auth.cookies import FormTokenCookie, clear_session_cookie, set_session_cookie
from riskpanel.kit.errors import FieldError, InvalidInput, TooManyRequests
from riskpanel.kit.principal import Principal
from riskpanel.web.common import DbSession, Form, Person, notice_of, settings_of, web_router
from riskpanel.web.forms import FormErrors, FormValues
from riskpanel.web.templating import HOME, render

router = web_router()
SIGNIN_COOKIE = "riskpanel_signin"
SIGNIN_FORM = FormTokenCookie(SIGNIN_COOKIE, "/sign-in")
Anyone = Annotated[Principal, Depends(public())]


def safe_next(value: str | None) -> str | None:
    """Only a path on this site: never ``//host`` or ``https://...`` (open redirect)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return None


def _form(
    request: Request, values: FormValues, errors: FormErrors | None, status: int = 200
) -> Response:
    token = SIGNIN_FORM.token(request)
    values.data.pop("password", None)
    response = render(
        request,
        None,
        "sign_in.html",
        status_code=status,
        title="Sign in",
        values=values,
        errors=errors,
        signin_token=token,
        next=safe_next(values.get("next")) or "",
        notice=notice_of(request),
    )
    return SIGNIN_FORM.set(response, token, settings=settings_of(request))


@router.get("/sign-in")
def sign_in_page(request: Request, caller: Anyone) -> Response:
    if caller.role in HOME:
        return RedirectResponse(HOME[caller.role], status_code=303)
    values = FormValues({"next": [request.query_params.get("next", "")]})
    return _form(request, values, None)


def _check_filled(values: FormValues) -> None:
    missing = [
        FieldError(name, message)
        for name, message in (
            ("email", "Enter your email address"),
            ("password", "Enter your password"),
        )
        if not values.text(name)
    ]
    if missing:
        raise InvalidInput("missing", errors=missing)


@router.post("/sign-in")
def sign_in(request: Request, form: Form, session: DbSession, caller: SignIn) -> Response:
    values = FormValues.of(form)
    settings = settings_of(request)
    if not SIGNIN_FORM.matches(request, values.get("signin_token")):
        errors = FormErrors([("email", "Your sign-in form expired. Sign in again")])
        return _form(request, values, errors, 400)
    try:
        _check_filled(values)
        taken = _claim(request, session, values)
        signed = sessions.sign_in(
            session=session,
            email=values.get("email"),
            password=values.get("password"),
            key=settings.secret_key,
            max_age_seconds=settings.session_max_age_seconds,
            taken=taken,
        )
    except InvalidInput as exc:
        return _form(request, values, FormErrors.of(exc), 422)
    except sessions.SignInFailed:
        session.commit()  # the failure's audit event
        message = "Enter a correct email address and password"
        return _form(request, values, FormErrors([("email", message)]), 401)
    except TooManyRequests as exc:
        message = "Too many sign-in attempts. Wait 15 minutes, then try again"
        response = _form(request, values, FormErrors([("email", message)]), 429)
        response.headers.update(exc.headers)
        return response
    return _signed_in(request, session, caller, signed, values)


def _claim(request: Request, session: Session, values: FormValues) -> throttle.Claim:
    """Count the attempt, and commit the count, before any password is judged."""
    settings = settings_of(request)
    try:
        return throttle.claim(
            session=session,
            email=values.get("email"),
            address=request.client.host if request.client else None,
            key=settings.secret_key,
            per_account=settings.login_attempts_per_15_minutes,
            per_address=settings.login_attempts_per_address_per_15_minutes,
        )
    finally:
        session.commit()


def _signed_in(
    request: Request,
    session: Session,
    caller: Principal,
    signed: sessions.SignedIn,
    values: FormValues,
) -> Response:
    if caller.via_cookie:  # a fresh session each sign-in: no session fixation
        sessions.sign_out(session=session, principal=caller)
    session.commit()
    target = safe_next(values.get("next")) or HOME.get(signed.user.role, "/")
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(
        response,
        token=signed.session_token,
        expires_at=signed.web_session.expires_at,
        settings=settings_of(request),
    )
    SIGNIN_FORM.clear(response)
    return response


@router.post("/sign-out")
def sign_out(request: Request, session: DbSession, principal: SignOut) -> Response:
    sessions.sign_out(session=session, principal=principal)
    session.commit()
    response = RedirectResponse("/sign-in?notice=signed-out", status_code=303)
    clear_session_cookie(response, settings=settings_of(request))
    return response


@router.get("/")
def home(principal: Person) -> Response:
    return RedirectResponse(HOME.get(principal.role, "/sign-in"), status_code=303)
