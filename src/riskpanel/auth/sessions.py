"""Web sign-in: password check, throttling, session cookies and CSRF tokens.

Only a keyed hash of the session token is stored, so a copy of the database does not let
anyone ride a live session. The CSRF token is kept as issued because pages must embed it;
on its own it grants nothing. Every cookie request re-reads the user, so disabling a
person ends their sessions at once. Sessions expire at a fixed age whatever happens (the
absolute lifetime) and after a spell without requests (the idle timeout, read from
``last_seen_at``, which ``riskpanel.auth.cookies`` stamps at most once a minute).

Services here never commit. A password is only judged for an attempt the throttle has
already counted and the caller has committed (``riskpanel.auth.throttle``); a failed
sign-in raises ``SignInFailed`` after adding its audit event, which the caller commits
before re-raising (``riskpanel.auth.api`` shows how).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from riskpanel.access.credentials import principal_for_user
from riskpanel.access.secrets import (
    hash_password,
    hash_secret,
    password_needs_rehash,
    random_token,
    verify_password,
)
from riskpanel.auth import throttle
from riskpanel.auth.events import sign_in_event
from riskpanel.kit.errors import NotAuthenticated
from riskpanel.kit.principal import ANONYMOUS, Principal
from riskpanel.models import User, WebSession, utcnow


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


def sign_in(
    *,
    session: Session,
    email: str,
    password: str,
    key: str,
    max_age_seconds: int,
    taken: throttle.Claim,
    now: datetime | None = None,
) -> SignedIn:
    """Judge the password of an attempt already counted (``throttle.claim``, committed).

    Needing the claim means no caller can judge a password the throttle has not counted.
    The caller sets the cookie and commits.
    """
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    usable = user if user is not None and user.active else None
    # An unknown or disabled account still pays for one argon2 hash: timing reveals nothing.
    ok = verify_password(password, usable.password_hash if usable else None)
    if not ok or usable is None:
        _audit(session, ANONYMOUS, "failed", user.id if user else None)
        raise SignInFailed()
    throttle.settle(session=session, taken=taken)
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
        authenticated_at=now,
        last_seen_at=now,
    )
    session.add(web_session)
    session.flush()
    _audit(session, principal_for_user(user, web_session_id=web_session.id), "signed_in", None)
    return SignedIn(user=user, web_session=web_session, session_token=token)


def _audit(session: Session, principal: Principal, outcome: str, user_id: int | None) -> None:
    subject_id = user_id if user_id is not None else principal.user_id
    sign_in_event(session, principal, subject_id, outcome=outcome)


def resolve_session(
    *,
    session: Session,
    token: str,
    key: str,
    now: datetime | None = None,
    idle_timeout: timedelta | None = None,
) -> tuple[WebSession, User] | None:
    """The live session and its user, or None: ended, expired, idle too long, or the user
    was disabled."""
    now = now or utcnow()
    row = session.exec(
        select(WebSession).where(WebSession.token_hash == hash_secret(token, key))
    ).first()
    if row is None or row.ended_at is not None or row.expires_at <= now:
        return None
    if idle_timeout is not None and (row.last_seen_at or row.created_at) + idle_timeout <= now:
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


def purge(*, session: Session, now: datetime, keep: timedelta = timedelta(days=30)) -> int:
    """Drop throttle counters past their window and sessions long finished."""
    counters = throttle.purge(session=session, now=now)
    sessions = session.execute(delete(WebSession).where(col(WebSession.expires_at) < now - keep))
    return counters + int(getattr(sessions, "rowcount", 0) or 0)
