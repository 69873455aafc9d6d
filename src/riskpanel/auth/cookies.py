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

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import Request, Response
from sqlalchemy import Engine, update
from sqlmodel import Session, col

from riskpanel.access.credentials import LAST_USED_GRANULARITY, principal_for_user
from riskpanel.access.csrf import SESSION_COOKIE, csrf_matches
from riskpanel.auth.mfa.access import second_factor_pending
from riskpanel.auth.sessions import resolve_session
from riskpanel.config import Settings
from riskpanel.kit.principal import Principal
from riskpanel.models import User, WebSession, utcnow


def cookie_principal(request: Request, session: Session) -> Principal | None:
    """The session's person, with what the access rules read in ``request.state``: the CSRF
    token, whether the second factor is still to be passed, and the last full sign-in.

    On SQLite the session is read (and its last-seen time stamped) in a short transaction of
    its own before the request's begins, as ``api.access`` does for bearer keys: a write
    request holds the one write lock from its first statement."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    state = request.app.state
    auth_engine = getattr(state, "auth_engine", None)
    if auth_engine is not None and not session.in_transaction():
        with Session(auth_engine, expire_on_commit=False) as auth_session:
            found = _resolve(request, auth_session, token)
            auth_session.commit()
    elif auth_engine is None and getattr(state, "engine", None) is not None:
        # PostgreSQL: the stamp commits on its own, whether or not the request commits
        found = _resolve(request, session, token, stamp_engine=state.engine)
    else:
        found = _resolve(request, session, token)
    if found is None:
        return None
    web_session, user = found
    settings: Settings = request.app.state.settings
    request.state.csrf_token = web_session.csrf_token
    request.state.session_expires_at = web_session.expires_at
    request.state.authenticated_at = web_session.authenticated_at or web_session.created_at
    request.state.second_factor_pending = second_factor_pending(settings, user, web_session)
    return principal_for_user(user, web_session_id=web_session.id)


def _resolve(
    request: Request, session: Session, token: str, stamp_engine: Engine | None = None
) -> tuple[WebSession, User] | None:
    """Resolve the session (idle timeout included) and stamp its last request, at most once a
    minute so a page's many requests do not each write."""
    settings: Settings = request.app.state.settings
    now = utcnow()
    found = resolve_session(
        session=session,
        token=token,
        key=settings.secret_key,
        now=now,
        idle_timeout=timedelta(seconds=settings.session_idle_timeout_seconds),
    )
    if found is not None:
        row = found[0]
        if row.last_seen_at is None or now - row.last_seen_at > LAST_USED_GRANULARITY:
            stamp = update(WebSession).where(col(WebSession.id) == row.id)
            if stamp_engine is None:
                session.execute(stamp.values(last_seen_at=now))
            else:
                with stamp_engine.begin() as conn:
                    conn.execute(stamp.values(last_seen_at=now))
    return found


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


@dataclass(frozen=True)
class FormTokenCookie:
    """A double-submit token for a form filled in before anyone is signed in (sign-in, an
    invitation): the same random token in a cookie scoped to the form's path and in a hidden
    field, so a third-party site cannot post the form for someone else's browser (login
    CSRF). There is no session yet to hold a CSRF token."""

    name: str
    path: str

    def token(self, request: Request) -> str:
        """The browser's token when it has one (a form shown again keeps it), else a new one."""
        return request.cookies.get(self.name) or secrets.token_urlsafe(32)

    def set(self, response: Response, token: str, *, settings: Settings) -> Response:
        response.set_cookie(
            self.name,
            token,
            max_age=3600,
            path=self.path,
            httponly=True,
            samesite="strict",
            secure=settings.secure_cookies,
        )
        return response

    def matches(self, request: Request, submitted: str | None) -> bool:
        return csrf_matches(request.cookies.get(self.name), submitted)

    def clear(self, response: Response) -> None:
        response.delete_cookie(self.name, path=self.path)
