"""Queries of single sign-on: pending logins taken once, linked identities, users by email."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from riskpanel.models import OidcIdentity, OidcLogin, User


def take_login(
    *, session: Session, state_hash: str, provider: str, now: datetime
) -> tuple[OidcLogin | None, bool]:
    """Mark the pending login of this state used; (login, True) only for its first callback.

    One conditional UPDATE, so two callbacks racing with the same state cannot both win.
    """
    result = session.execute(
        update(OidcLogin)
        .where(
            col(OidcLogin.state_hash) == state_hash,
            col(OidcLogin.provider) == provider,
            col(OidcLogin.used_at).is_(None),
        )
        .values(used_at=now)
    )
    login = session.exec(
        select(OidcLogin).where(OidcLogin.state_hash == state_hash, OidcLogin.provider == provider)
    ).first()
    if login is not None:
        session.refresh(login)
    return login, int(getattr(result, "rowcount", 0) or 0) == 1


def identity(*, session: Session, issuer: str, subject: str) -> OidcIdentity | None:
    return session.exec(
        select(OidcIdentity).where(OidcIdentity.issuer == issuer, OidcIdentity.subject == subject)
    ).first()


def linked_at_issuer(*, session: Session, issuer: str, user_id: int) -> OidcIdentity | None:
    """The identity this user already has at the issuer, whatever its subject."""
    return session.exec(
        select(OidcIdentity).where(OidcIdentity.issuer == issuer, OidcIdentity.user_id == user_id)
    ).first()


def user_by_email(*, session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email.strip().lower())).first()


def purge(*, session: Session, now: datetime, keep: timedelta = timedelta(days=1)) -> int:
    """Pending logins are worth nothing once past their lifetime; a day is ample evidence."""
    result = session.execute(delete(OidcLogin).where(col(OidcLogin.created_at) < now - keep))
    return int(getattr(result, "rowcount", 0) or 0)
