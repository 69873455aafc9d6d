"""User administration use cases. Keyword-only, audited, never commits.

Disabling someone takes effect at once everywhere: their web sessions end and their
personal tokens are revoked in the same transaction as the change, and every cookie or
token request re-reads the user anyway. An admin cannot disable or demote themselves, and
the last active admin cannot be removed, so nobody locks the partnership out by mistake.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlmodel import Session

from riskpanel.access.accounts import gives_up_admin
from riskpanel.access.secrets import hash_password
from riskpanel.audit.service import record
from riskpanel.auth import service as auth
from riskpanel.auth.keys.service import revoke_user_tokens
from riskpanel.auth.sessions import end_sessions
from riskpanel.kit.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
)
from riskpanel.kit.pagination import decode_cursor, encode_cursor
from riskpanel.kit.principal import Principal
from riskpanel.models import User, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.users import repository
from riskpanel.users.schemas import UserCreate, UserOut, UserPage, UserUpdate


def user_out(user: User) -> UserOut:
    return UserOut(
        id=user.id or 0,
        email=user.email,
        display_name=user.display_name,
        role=user.role,
        agency_id=user.agency_id,
        panel_id=user.panel_id,
        active=user.active,
        created_at=user.created_at,
        disabled_at=user.disabled_at,
        has_password=bool(user.password_hash),
    )


def user_etag(user: User) -> str:
    """Users carry no row version, so the ETag digests every field an admin can change."""
    state = repr(
        (
            user.display_name,
            user.role,
            user.active,
            user.agency_id,
            user.panel_id,
            user.password_hash,
            user.disabled_at.isoformat() if user.disabled_at else None,
        )
    )
    return f'"user-{user.id}-{hashlib.sha256(state.encode()).hexdigest()[:16]}"'


def _audit(
    session: Session,
    principal: Principal,
    user: User,
    change: str,
    fields: list[str],
    **detail: Any,
) -> None:
    record(
        session=session,
        principal=principal,
        action=AuditAction.ADMINISTRATION,
        subject_type="user",
        subject_id=user.id,
        purpose="administration",
        fields=fields,
        detail={"change": change, **detail},
    )


def list_users(
    *,
    session: Session,
    role: str | None = None,
    agency_id: int | None = None,
    active: bool | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> UserPage:
    rows = repository.users_after(
        session=session,
        role=role,
        agency_id=agency_id,
        active=active,
        after=decode_cursor(cursor),
        limit=limit + 1,
    )
    page = rows[:limit]
    more = len(rows) > limit and bool(page)
    return UserPage(
        items=[user_out(u) for u in page],
        next_cursor=encode_cursor(page[-1].id or 0) if more else None,
    )


def get_user(*, session: Session, user_id: int, lock: bool = False) -> User:
    user = repository.user(session=session, user_id=user_id, lock=lock)
    if user is None:
        raise NotFound()
    return user


def create_user(*, session: Session, principal: Principal, data: UserCreate) -> User:
    user = auth.create_user(
        session=session,
        email=data.email,
        display_name=data.display_name,
        role=data.role,
        agency_id=data.agency_id,
        panel_id=data.panel_id,
        password=data.password,
    )
    _audit(session, principal, user, "created", sorted(data.model_fields_set - {"password"}))
    return user


def check_etag(user: User, if_match: str | None) -> None:
    if not if_match:
        raise PreconditionRequired(
            "This change needs an If-Match header with the user's current ETag.",
            extra={"header": "If-Match"},
        )
    current = user_etag(user)
    offered = {part.strip().removeprefix("W/") for part in if_match.split(",")}
    if current not in offered and "*" not in offered:
        raise PreconditionFailed(
            "The user changed since you fetched them; fetch again and retry.",
            extra={"current_etag": current},
        )


def update_user(
    *,
    session: Session,
    principal: Principal,
    user_id: int,
    data: UserUpdate,
    if_match: str | None,
) -> User:
    user = get_user(session=session, user_id=user_id, lock=True)
    check_etag(user, if_match)
    sent = data.model_fields_set
    changes = {name: getattr(data, name) for name in sent if name not in ("active", "password")}
    for name in ("display_name", "role"):
        if name in changes and changes[name] is None:
            raise InvalidInput.field(name, "may not be null")
    auth.check_assignment(
        session=session,
        role=changes.get("role", user.role),
        agency_id=changes.get("agency_id", user.agency_id),
        panel_id=changes.get("panel_id", user.panel_id),
    )
    # disabling is guarded by set_active below; here only a change of role
    _guard_admins(session, principal, user, role=changes.get("role"), active=None)
    changed = [name for name, value in changes.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, changes[name])
    if "password" in sent and data.password is not None:
        user.password_hash = hash_password(data.password)
        changed.append("password_hash")
        end_sessions(session=session, user_id=user.id or 0)
    session.add(user)
    if changed:
        _audit(session, principal, user, "updated", changed)
    if data.active is not None and data.active != user.active:
        set_active(session=session, principal=principal, user=user, active=data.active)
    session.flush()
    return user


def _guard_admins(
    session: Session, principal: Principal, user: User, *, role: str | None, active: bool | None
) -> None:
    if not (user.active and gives_up_admin(role=user.role, new_role=role, active=active)):
        return
    if principal.user_id == user.id:
        raise Conflict("You cannot disable yourself or give up your own admin role.")
    if not repository.other_active_admins(session=session, user_id=user.id or 0):
        raise Conflict("This is the last active admin; appoint another admin first.")


def set_active(*, session: Session, principal: Principal, user: User, active: bool) -> User:
    """Disable (ending sessions, revoking tokens) or re-enable a user; CLI and API share it."""
    if user.active == active:
        return user
    _guard_admins(session, principal, user, role=None, active=active)
    now = utcnow()
    user.active = active
    user.disabled_at = None if active else now
    session.add(user)
    if active:
        _audit(session, principal, user, "enabled", ["active"])
        return user
    ended = end_sessions(session=session, user_id=user.id or 0, now=now)
    revoked = revoke_user_tokens(session=session, user_id=user.id or 0, now=now)
    _audit(
        session,
        principal,
        user,
        "disabled",
        ["active"],
        sessions_ended=ended,
        tokens_revoked=revoked,
    )
    return user
