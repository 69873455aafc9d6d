"""Issue, re-issue, revoke and use invitations. Keyword-only, audited, never commits.

An admin never sees or sets a password: creating an account issues a one-time link that
the admin sends to the person, who sets their own password with it. Only a keyed hash of
the link's token is stored (so the link is not queued in the notification outbox, which
keeps its payload), the link works once, and it expires after ``invitation_hours``.
Issuing again revokes the previous link. An account that already has a password gets no
new link: a link would let whoever holds it take over a working account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from riskpanel.access.credentials import principal_for_user
from riskpanel.access.secrets import hash_password, hash_secret, random_token
from riskpanel.auth.events import administration_event
from riskpanel.config import Settings
from riskpanel.kit.errors import Conflict, InvalidInput, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.models import Invitation, User, utcnow
from riskpanel.users import repository as users
from riskpanel.users.invitations import repository

MIN_PASSWORD = 12
LINK_PATH = "/invitations/"


class Unusable(StrEnum):
    """Why a link cannot be used, in the words the page shows."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"


class InvitationUnusable(NotFound):
    """A link that does not open: unknown, expired, used or revoked. Nothing is written."""

    def __init__(self, reason: Unusable) -> None:
        super().__init__("This invitation link cannot be used.")
        self.reason = reason


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str  # shown once to the admin inside the link; only its hash is stored

    def link(self, base_url: str) -> str:
        return base_url.rstrip("/") + LINK_PATH + self.token


def token_hash(token: str, key: str) -> str:
    """Keyed, and kept apart from session and API key hashes by its own label."""
    return hash_secret("invitation:" + token, key)


def audit_change(
    session: Session,
    principal: Principal,
    user: User,
    change: str,
    fields: list[str] | None = None,
    **detail: Any,
) -> None:
    """One administration event about a person's account, naming fields, never values
    (user administration shares it)."""
    administration_event(
        session, principal, ("user", user.id), fields or [], change=change, **detail
    )


def invitee(*, session: Session, user_id: int) -> User:
    """The person, locked until commit so two admins re-issuing are serialised."""
    user = users.user(session=session, user_id=user_id, lock=True)
    if user is None:
        raise NotFound()
    return user


def issue(
    *,
    session: Session,
    principal: Principal,
    user: User,
    key: str,
    hours: int,
    now: datetime | None = None,
) -> IssuedInvitation:
    """A new link for a person who has not set a password yet; any earlier link dies."""
    if user.password_hash:
        raise Conflict("This person has already set their password, so needs no invitation.")
    if not user.active and not user.awaiting_approval:
        raise Conflict("This account is disabled; enable it before inviting the person.")
    now = now or utcnow()
    replaced = repository.revoke_open(session=session, user_id=user.id or 0, now=now)
    token = random_token()
    invitation = Invitation(
        user_id=user.id or 0,
        token_hash=token_hash(token, key),
        created_by_user_id=principal.user_id,
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    session.add(invitation)
    session.flush()
    change = "invitation_reissued" if replaced else "invitation_issued"
    audit_change(session, principal, user, change, invitation_id=invitation.id, hours=hours)
    return IssuedInvitation(invitation=invitation, token=token)


def invite(
    *, session: Session, principal: Principal, user: User, settings: Settings
) -> IssuedInvitation:
    """``issue`` with the configured key and lifetime."""
    return issue(
        session=session,
        principal=principal,
        user=user,
        key=settings.secret_key,
        hours=settings.invitation_hours,
    )


def revoke(
    *, session: Session, principal: Principal, user: User, now: datetime | None = None
) -> int:
    """End the person's open link; 409 when there is none."""
    now = now or utcnow()
    if not repository.open_for(session=session, user_ids=[user.id or 0], now=now):
        raise Conflict("This person has no invitation waiting to be used.")
    ended = repository.revoke_open(session=session, user_id=user.id or 0, now=now)
    audit_change(session, principal, user, "invitation_revoked")
    return ended


def usable(
    *, session: Session, token: str, key: str, now: datetime | None = None, lock: bool = False
) -> tuple[Invitation, User]:
    """The invitation a link names and its person, or ``InvitationUnusable`` saying why."""
    now = now or utcnow()
    found = None
    if 20 <= len(token) <= 100:
        found = repository.by_token_hash(
            session=session, token_hash=token_hash(token, key), lock=lock
        )
    user = session.get(User, found.user_id) if found is not None else None
    if found is None or user is None:
        raise InvitationUnusable(Unusable.UNKNOWN)
    if found.used_at is not None or user.password_hash:
        raise InvitationUnusable(Unusable.USED)
    if found.revoked_at is not None or not (user.active or user.awaiting_approval):
        raise InvitationUnusable(Unusable.REVOKED)
    if found.expires_at <= now:
        raise InvitationUnusable(Unusable.EXPIRED)
    return found, user


def check_new_password(password: str, confirmation: str) -> None:
    if not password:
        raise InvalidInput.field("password", "Enter a password")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput.field("password", f"Password must be at least {MIN_PASSWORD} characters")
    if len(password) > 1024:
        raise InvalidInput.field("password", "Password must be 1024 characters or fewer")
    if password != confirmation:
        raise InvalidInput.field("confirmation", "Enter the same password twice")


def accept(
    *,
    session: Session,
    token: str,
    key: str,
    password: str,
    confirmation: str,
    now: datetime | None = None,
) -> User:
    """Use the link: set the person's password and spend the invitation, audited.

    The invitation row is locked first, so two submissions of one link cannot both win;
    the caller signs the person in (when the account is active) and commits."""
    now = now or utcnow()
    invitation, user = usable(session=session, token=token, key=key, now=now, lock=True)
    check_new_password(password, confirmation)
    invitation.used_at = now
    user.password_hash = hash_password(password)
    session.add_all([invitation, user])
    audit_change(
        session,
        principal_for_user(user),
        user,
        "password_set_from_invitation",
        invitation_id=invitation.id,
    )
    return user
