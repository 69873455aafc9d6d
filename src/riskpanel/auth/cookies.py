"""HTTP glue for web sessions: the cookie principal resolver and the cookie itself.

``create_app`` installs :func:`cookie_principal` as ``app.state.cookie_principal``; the
access rules call it when a request has no bearer token. Single sign-on
(``riskpanel.auth.oidc``) opens the same web sessions, so it needs no resolver of its own;
another scheme could install one with the same contract (README, "Signing in").

Resolver contract: ``resolver(request, session) -> Principal | None``. A resolver that
authenticates from a cookie returns a principal with ``web_session_id`` set and stores the
session's CSRF token in ``request.state.csrf_token``; the access rules then refuse unsafe
methods whose ``X-CSRF-Token`` header (or ``csrf_token`` form field) does not match.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import Request, Response
from sqlmodel import Session

from riskpanel.access.credentials import principal_for_user
from riskpanel.access.csrf import SESSION_COOKIE
from riskpanel.auth.sessions import resolve_session
from riskpanel.config import Settings
from riskpanel.kit.principal import Principal
from riskpanel.models import utcnow


def cookie_principal(request: Request, session: Session) -> Principal | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    settings: Settings = request.app.state.settings
    found = resolve_session(session=session, token=token, key=settings.secret_key)
    if found is None:
        return None
    web_session, user = found
    request.state.csrf_token = web_session.csrf_token
    request.state.session_expires_at = web_session.expires_at
    return principal_for_user(user, web_session_id=web_session.id)


def set_session_cookie(
    response: Response, *, token: str, expires_at: datetime, settings: Settings
) -> None:
    """HttpOnly (no script reads it), SameSite=Lax, Secure whenever the site is https."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max(0, int((expires_at - utcnow()).total_seconds())),
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


def clear_session_cookie(response: Response, *, settings: Settings) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies
    )
