"""User administration use cases. Keyword-only, audited, never commits.

An admin never sets a password: a new account gets an invitation
(``users.invitations``). Separation of duties (``account_approval``, on by default): every
role but admin reads what the admin role is denied (case data, or the access log), so an
admin must not be able to make an account and read as it. No account is created for the
admin's own email, and a new account stays inactive until a second person approves it (an
admin other than the one who asked for it, a chair, or the server's operator on the command
line); giving an existing account a new role needs approval again. Admin accounts too: a
second admin account under one person's control could otherwise approve their own requests.

Disabling someone takes effect at once everywhere: their web sessions end and their
personal tokens are revoked in the same transaction as the change, and every cookie or
token request re-reads the user anyway. An admin cannot disable or demote themselves, and
the last active admin cannot be removed, so nobody locks the partnership out by mistake.
"""

from __future__ import annotations

import hashlib

from sqlmodel import Session

from riskpanel.access.accounts import gives_up_admin, mailbox
from riskpanel.auth import service as auth
from riskpanel.auth.keys.service import revoke_user_tokens
from riskpanel.auth.sessions import end_sessions
from riskpanel.config import Settings
from riskpanel.kit.errors import (
    Conflict,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
)
from riskpanel.kit.pagination import decode_cursor, encode_cursor
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import Invitation, User, utcnow
from riskpanel.users import repository
from riskpanel.users.invitations import repository as invitations_repository
from riskpanel.users.invitations import service as invitations
from riskpanel.users.invitations.service import audit_change as _audit
from riskpanel.users.schemas import UserCreate, UserOut, UserPage, UserUpdate


def user_out(user: User, invitation: Invitation | None = None) -> UserOut:
    """``invitation``: the person's open invitation, if any."""
    derived = {
        "has_password": bool(user.password_hash),
        "invitation_expires_at": invitation.expires_at if invitation else None,
    }
    return UserOut.model_validate(user.model_dump(exclude={"password_hash"}) | derived)


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
            user.awaiting_approval,
        )
    )
    return f'"user-{user.id}-{hashlib.sha256(state.encode()).hexdigest()[:16]}"'


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
    open_links = invitations_repository.open_for(
        session=session, user_ids=[u.id or 0 for u in page], now=utcnow()
    )
    return UserPage(
        items=[user_out(u, open_links.get(u.id or 0)) for u in page],
        next_cursor=encode_cursor(page[-1].id or 0) if more else None,
    )


def get_user(*, session: Session, user_id: int, lock: bool = False) -> User:
    user = repository.user(session=session, user_id=user_id, lock=lock)
    if user is None:
        raise NotFound()
    return user


def awaiting_approval(*, session: Session) -> list[User]:
    return repository.awaiting_approval(session=session)


def display_names(*, session: Session, user_ids: list[int | None]) -> dict[int, str]:
    """Names of the people who created accounts, for the approval list (no case data)."""
    return repository.display_names(session=session, user_ids=[i for i in user_ids if i])


def open_invitation(*, session: Session, user: User) -> Invitation | None:
    found = invitations_repository.open_for(session=session, user_ids=[user.id or 0], now=utcnow())
    return found.get(user.id or 0)


def _second_person(settings: Settings) -> bool:
    return settings.account_approval == "second_person"


def _refuse_own_mailbox(session: Session, principal: Principal, email: str) -> None:
    me = session.get(User, principal.user_id) if principal.user_id is not None else None
    if me is not None and mailbox(me.email) == mailbox(email):
        raise Forbidden(
            "You cannot create an account for your own email address: an admin may not "
            "give themselves access to case data.",
            errors=[FieldError("email", "is your own email address")],
        )


def create_user(
    *, session: Session, principal: Principal, data: UserCreate, settings: Settings
) -> tuple[User, invitations.IssuedInvitation]:
    """The account, with no password, and its invitation (the link is shown once).

    Under ``second_person`` it is created inactive, awaiting approval."""
    second_person = _second_person(settings)
    if second_person:
        _refuse_own_mailbox(session, principal, data.email)
    user = auth.create_user(session=session, **data.model_dump())
    user.requested_by_user_id = principal.user_id
    user.awaiting_approval = second_person
    user.active = not second_person
    session.add(user)
    session.flush()
    _audit(
        session,
        principal,
        user,
        "created",
        sorted(data.model_fields_set),
        awaiting_approval=second_person,
    )
    issued = invitations.invite(session=session, principal=principal, user=user, settings=settings)
    return user, issued


def approve(*, session: Session, principal: Principal, user_id: int) -> User:
    """A second person lets a new account start: an admin who did not ask for it, a chair,
    or the command line (the server's operator). Activates it, audited."""
    user = get_user(session=session, user_id=user_id, lock=True)
    if not user.awaiting_approval:
        raise Conflict("This account is not waiting for approval.")
    if principal.user_id is not None and principal.user_id == user.requested_by_user_id:
        raise Forbidden(
            "You asked for this account (you added it or gave it its role), so another admin "
            "or the chair must approve it."
        )
    if principal.role not in (Role.ADMIN, Role.CHAIR):
        raise Forbidden("Only another admin or a chair can approve an account.")
    now = utcnow()
    user.awaiting_approval = False
    user.active = True
    user.disabled_at = None
    user.approved_by_user_id = principal.user_id
    user.approved_at = now
    session.add(user)
    session.flush()
    _audit(session, principal, user, "approved", ["active"], requested_by=user.requested_by_user_id)
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
    settings: Settings,
) -> User:
    user = get_user(session=session, user_id=user_id, lock=True)
    check_etag(user, if_match)
    sent = data.model_fields_set
    changes = {name: getattr(data, name) for name in sent if name != "active"}
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
    session.add(user)
    if changed:
        _audit(session, principal, user, "updated", changed)
    if "role" in changed and _second_person(settings):
        _await_approval(session, principal, user)
    elif data.active is not None and data.active != user.active:
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


def _await_approval(session: Session, principal: Principal, user: User) -> None:
    """A new role, given by one admin: the account stops until a second person approves
    it, and whoever was signed in as it is signed out."""
    if user.active:
        set_active(session=session, principal=principal, user=user, active=False)
    user.awaiting_approval = True
    user.requested_by_user_id = principal.user_id  # asked for the access: may not approve it
    user.approved_by_user_id = None
    user.approved_at = None
    session.add(user)
    _audit(session, principal, user, "awaiting_approval", ["role"])


def set_active(*, session: Session, principal: Principal, user: User, active: bool) -> User:
    """Disable (ending sessions, revoking tokens) or re-enable a user; CLI and API share it.

    An account awaiting approval is started by ``approve``, never by enabling it."""
    if user.active == active:
        return user
    if active and user.awaiting_approval:
        raise Conflict(
            "This account is waiting for approval by another admin or the chair.",
            errors=[FieldError("active", "needs approval by another admin or the chair")],
        )
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
    # an open link would otherwise work again if the account were re-enabled
    links = invitations_repository.revoke_open(session=session, user_id=user.id or 0, now=now)
    extra = {"invitations_withdrawn": links} if links else {}
    _audit(
        session,
        principal,
        user,
        "disabled",
        ["active"],
        sessions_ended=ended,
        tokens_revoked=revoked,
        **extra,
    )
    return user
