"""Sign-in for people (session cookie + CSRF token), who am I, and agency API keys."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request, Response

from riskpanel.access.credentials import principal_for_user
from riskpanel.api.deps import DbSession
from riskpanel.auth import sessions, throttle
from riskpanel.auth.access import SignedIn, SignIn, SignOut
from riskpanel.auth.cookies import clear_session_cookie, set_session_cookie
from riskpanel.auth.keys.api import router as keys_router
from riskpanel.auth.mfa.access import second_factor_pending
from riskpanel.auth.mfa.api import router as mfa_router
from riskpanel.auth.schemas import Me, SessionOut, SignInRequest
from riskpanel.config import Settings
from riskpanel.kit.principal import Principal

router = APIRouter(tags=["auth"])
router.include_router(keys_router)
router.include_router(mfa_router)


def _me(principal: Principal, request: Request) -> Me:
    """The principal's own fields (``Me`` ignores the session id), and how it came in."""
    cookie = principal.via_cookie
    state = request.state
    derived = {
        "authenticated_by": "session" if cookie else "token",
        "csrf_token": getattr(state, "csrf_token", None) if cookie else None,
        "session_expires_at": getattr(state, "session_expires_at", None) if cookie else None,
        "second_factor_required": bool(getattr(state, "second_factor_pending", False)),
    }
    return Me.model_validate(asdict(principal) | derived)


@router.post(
    "/auth/session",
    status_code=201,
    response_model=SessionOut,
    summary="Sign in with email and password",
    description="Sets the `riskpanel_session` cookie (HttpOnly, SameSite=Lax, Secure on "
    "https) and returns the CSRF token to send as `X-CSRF-Token` on unsafe methods. "
    "When `second_factor_required` is true, pass the second factor next "
    "(`POST /auth/session/second-factor`); until then other routes answer 401. "
    "Every attempt is counted against the account and the client address before the "
    "password is checked; past the limits (per 15-minute window) the answer is 429 with "
    "`Retry-After`, even for the right password.",
    responses={
        429: {
            "description": "Too many attempts for this account or address.",
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        }
    },
)
def sign_in(
    body: SignInRequest, request: Request, response: Response, session: DbSession, caller: SignIn
) -> SessionOut:
    settings: Settings = request.app.state.settings
    try:
        taken = throttle.claim(
            session=session,
            email=body.email,
            address=request.client.host if request.client else None,
            key=settings.secret_key,
            per_account=settings.login_attempts_per_15_minutes,
            per_address=settings.login_attempts_per_address_per_15_minutes,
        )
    finally:
        session.commit()  # counted before the password is judged, refused or not
    try:
        signed = sessions.sign_in(
            session=session,
            email=body.email,
            password=body.password,
            key=settings.secret_key,
            max_age_seconds=settings.session_max_age_seconds,
            taken=taken,
        )
    except sessions.SignInFailed:
        session.commit()  # the failure's audit event
        raise
    if caller.via_cookie:  # a fresh session each sign-in: no session fixation
        sessions.sign_out(session=session, principal=caller)
    session.commit()
    set_session_cookie(
        response,
        token=signed.session_token,
        expires_at=signed.web_session.expires_at,
        settings=settings,
    )
    request.state.csrf_token = signed.csrf_token
    request.state.session_expires_at = signed.web_session.expires_at
    request.state.second_factor_pending = second_factor_pending(
        settings, signed.user, signed.web_session
    )
    principal = principal_for_user(signed.user, web_session_id=signed.web_session.id)
    return SessionOut(**_me(principal, request).model_dump())


@router.delete(
    "/auth/session",
    status_code=204,
    summary="Sign out",
    description="Ends the cookie session and clears the cookie. With a bearer token there "
    "is no session to end and nothing changes.",
)
def sign_out(request: Request, session: DbSession, principal: SignOut) -> Response:
    sessions.sign_out(session=session, principal=principal)
    session.commit()
    response = Response(status_code=204)
    if principal.via_cookie:
        clear_session_cookie(response, settings=request.app.state.settings)
    return response


@router.get(
    "/auth/me",
    response_model=Me,
    summary="Who am I",
    description="The caller as the access rules see them; for a cookie session also the "
    "CSRF token, so a page reloaded in the browser can find it again.",
)
def who_am_i(request: Request, session: DbSession, principal: SignedIn) -> Me:
    session.commit()  # keeps a bearer key's last-used time
    return _me(principal, request)
