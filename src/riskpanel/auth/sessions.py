"""Web sign-in: password check, throttling, session cookies and CSRF tokens.

Only a keyed hash of the session token is stored, so a copy of the database does not let
anyone ride a live session. The CSRF token is kept as issued because pages must embed it;
on its own it grants nothing. Every cookie request re-reads the user, so disabling a
person ends their sessions at once, and sessions expire at a fixed age whatever happens.

Services here never commit. A failed sign-in raises ``SignInFailed`` *after* adding the
attempt to the session: the caller must commit before re-raising, or throttling would
never see the failures (``riskpanel.auth.api`` shows how).
"""

from __future__ import annotations

import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from riskpanel.audit.service import record
from riskpanel.auth.principal import ANONYMOUS, Principal
from riskpanel.auth.secrets import (
    hash_password,
    hash_secret,
    password_needs_rehash,
    random_token,
    verify_password,
)
from riskpanel.auth.service import principal_for_user
from riskpanel.errors import Forbidden, NotAuthenticated, TooManyRequests
from riskpanel.models import LoginAttempt, User, WebSession, utcnow
from riskpanel.models.enums import AuditAction

SESSION_COOKIE = "riskpanel_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FORM_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
THROTTLE_WINDOW = timedelta(minutes=15)


class SignInFailed(NotAuthenticated):
    """One message for a wrong password, an unknown address or a disabled account."""

    def __init__(self) -> None:
        super().__init__("The email address or password is not correct.")


@dataclass(frozen=True)
class SignedIn:
    user: User
    web_session: WebSession
    session_token: str  # the cookie value: returned once, only its hash is stored

    @property
    def csrf_token(self) -> str:
        return self.web_session.csrf_token


def email_hash(email: str, key: str) -> str:
    """Throttling key: keyed, so the login_attempt table holds no address."""
    return hash_secret("login:" + email.strip().lower(), key)


def retry_after_seconds(*, session: Session, digest: str, limit: int, now: datetime) -> int | None:
    """Seconds until another try is allowed, or None when under the limit.

    Failures count within the window and since the address's last success, so a person
    who signs in correctly starts again from zero.
    """
    since = now - THROTTLE_WINDOW
    last_ok = session.exec(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.email_hash == digest,
            col(LoginAttempt.succeeded).is_(True),
            col(LoginAttempt.at) > since,
        )
    ).one()
    failures = list(
        session.exec(
            select(LoginAttempt.at)
            .where(
                LoginAttempt.email_hash == digest,
                col(LoginAttempt.succeeded).is_(False),
                col(LoginAttempt.at) > (last_ok or since),
            )
            .order_by(col(LoginAttempt.at))
        ).all()
    )
    if len(failures) < max(limit, 1):
        return None
    frees_at = failures[-max(limit, 1)] + THROTTLE_WINDOW  # then one fewer is in the window
    return max(1, math.ceil((frees_at - now).total_seconds()))


def sign_in(
    *,
    session: Session,
    email: str,
    password: str,
    key: str,
    max_age_seconds: int,
    attempts_per_15_minutes: int,
    now: datetime | None = None,
) -> SignedIn:
    """Check the password and open a web session (the caller sets the cookie and commits)."""
    now = now or utcnow()
    digest = email_hash(email, key)
    wait = retry_after_seconds(
        session=session, digest=digest, limit=attempts_per_15_minutes, now=now
    )
    if wait is not None:
        raise TooManyRequests(
            "Too many failed sign-ins for this address; try again later.",
            headers={"Retry-After": str(wait)},
            extra={"retry_after": wait},
        )
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    usable = user if user is not None and user.active else None
    # An unknown or disabled account still pays for one argon2 hash: timing reveals nothing.
    ok = verify_password(password, usable.password_hash if usable else None)
    session.add(LoginAttempt(email_hash=digest, at=now, succeeded=ok))
    if not ok or usable is None:
        _audit(session, ANONYMOUS, "failed", user.id if user else None)
        raise SignInFailed()
    if usable.password_hash and password_needs_rehash(usable.password_hash):
        usable.password_hash = hash_password(password)
        session.add(usable)
    return open_session(
        session=session, user=usable, key=key, max_age_seconds=max_age_seconds, now=now
    )


def open_session(
    *, session: Session, user: User, key: str, max_age_seconds: int, now: datetime | None = None
) -> SignedIn:
    """A new web session for a user whose identity is settled (password, or OIDC callback)."""
    now = now or utcnow()
    token = random_token()
    web_session = WebSession(
        token_hash=hash_secret(token, key),
        csrf_token=random_token(),
        user_id=user.id or 0,
        created_at=now,
        expires_at=now + timedelta(seconds=max_age_seconds),
    )
    session.add(web_session)
    session.flush()
    _audit(session, principal_for_user(user, web_session_id=web_session.id), "signed_in", None)
    return SignedIn(user=user, web_session=web_session, session_token=token)


def _audit(session: Session, principal: Principal, outcome: str, user_id: int | None) -> None:
    record(
        session=session,
        principal=principal,
        action=AuditAction.SIGN_IN,
        subject_type="user",
        subject_id=user_id if user_id is not None else principal.user_id,
        purpose="authentication",
        detail={"outcome": outcome},
    )


def resolve_session(
    *, session: Session, token: str, key: str, now: datetime | None = None
) -> tuple[WebSession, User] | None:
    """The live session and its user, or None: ended, expired, or the user was disabled."""
    now = now or utcnow()
    row = session.exec(
        select(WebSession).where(WebSession.token_hash == hash_secret(token, key))
    ).first()
    if row is None or row.ended_at is not None or row.expires_at <= now:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return row, user


def sign_out(*, session: Session, principal: Principal) -> bool:
    """End the caller's web session; False when the caller used a bearer token instead."""
    if principal.web_session_id is None:
        return False
    row = session.get(WebSession, principal.web_session_id)
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        session.add(row)
    _audit(session, principal, "signed_out", None)
    return True


def end_sessions(*, session: Session, user_id: int, now: datetime | None = None) -> int:
    """End every live session of a user (disabled, role changed by force, password reset)."""
    result = session.execute(
        update(WebSession)
        .where(col(WebSession.user_id) == user_id, col(WebSession.ended_at).is_(None))
        .values(ended_at=now or utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


def csrf_matches(expected: str | None, submitted: str | None) -> bool:
    """Constant-time comparison; a missing token on either side never matches."""
    if not expected or not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())


def require_csrf(*, expected: str | None, submitted: str | None) -> None:
    """For the web UI's form handlers: refuse a form post without the session's token."""
    if not csrf_matches(expected, submitted):
        raise Forbidden(
            "This change needs the CSRF token of your session "
            f"(header {CSRF_HEADER} or form field {CSRF_FORM_FIELD}).",
            extra={"reason": "csrf"},
        )


def purge(*, session: Session, now: datetime, keep: timedelta = timedelta(days=30)) -> int:
    """Drop throttling evidence past its window and sessions long finished."""
    cutoff = now - keep
    attempts = session.execute(
        delete(LoginAttempt).where(col(LoginAttempt.at) < now - timedelta(days=1))
    )
    sessions = session.execute(delete(WebSession).where(col(WebSession.expires_at) < cutoff))
    return int(getattr(attempts, "rowcount", 0) or 0) + int(getattr(sessions, "rowcount", 0) or 0)
