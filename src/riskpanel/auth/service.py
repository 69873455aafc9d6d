"""Users and bearer credentials: issue and revoke. Keyword-only, never commits.

Checking a presented credential is ``riskpanel.access.credentials``: the HTTP layer runs it
on every request, below this domain."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from riskpanel.access.accounts import needs_an_agency
from riskpanel.access.secrets import (
    AGENCY_KEY_PREFIX,
    PERSONAL_TOKEN_PREFIX,
    hash_password,
    hash_secret,
    issue_secret,
)
from riskpanel.kit.errors import Conflict, InvalidInput, NotFound
from riskpanel.kit.roles import PEOPLE_ROLES
from riskpanel.models import Agency, ApiCredential, Panel, User, utcnow


def check_assignment(
    *, session: Session, role: str, agency_id: int | None, panel_id: int | None
) -> None:
    """A user's role, agency and panel fit together and name rows that exist."""
    if needs_an_agency(role) and agency_id is None:
        raise InvalidInput.field("agency_id", "an agency user must belong to an agency")
    if agency_id is not None and session.get(Agency, agency_id) is None:
        raise InvalidInput.field("agency_id", f"no agency with id {agency_id}")
    if panel_id is not None and session.get(Panel, panel_id) is None:
        raise InvalidInput.field("panel_id", f"no panel with id {panel_id}")


def create_user(
    *,
    session: Session,
    email: str,
    display_name: str,
    role: str,
    agency_id: int | None = None,
    panel_id: int | None = None,
    password: str | None = None,
) -> User:
    email = email.strip().lower()
    if "@" not in email:
        raise InvalidInput.field("email", "must be an email address")
    if role not in PEOPLE_ROLES:
        raise InvalidInput.field("role", f"must be one of {sorted(PEOPLE_ROLES)}")
    check_assignment(session=session, role=role, agency_id=agency_id, panel_id=panel_id)
    if session.exec(select(User).where(User.email == email)).first():
        raise Conflict(f"a user with email {email} already exists")
    if password is not None and len(password) < 12:
        raise InvalidInput.field("password", "must be at least 12 characters")
    user = User(
        email=email,
        display_name=display_name,
        role=role,
        agency_id=agency_id,
        panel_id=panel_id,
        password_hash=hash_password(password) if password else None,
    )
    try:
        with session.begin_nested():  # a concurrent twin loses here, not with a 500
            session.add(user)
    except IntegrityError:
        raise Conflict(f"a user with email {email} already exists") from None
    return user


def issue_personal_token(
    *, session: Session, user: User, key: str, days: int = 90, name: str = "personal token"
) -> str:
    """Returns the token once; only its keyed hash is kept."""
    issued = issue_secret(PERSONAL_TOKEN_PREFIX)
    session.add(
        ApiCredential(
            kind="personal_token",
            prefix=issued.prefix,
            secret_hash=hash_secret(issued.token, key),
            name=name,
            user_id=user.id,
            expires_at=utcnow() + timedelta(days=days),
        )
    )
    session.flush()
    return issued.token


def issue_agency_key(
    *,
    session: Session,
    agency_id: int,
    key: str,
    name: str,
    expires_at: datetime | None,
    created_by_user_id: int | None = None,
) -> tuple[ApiCredential, str]:
    if session.get(Agency, agency_id) is None:
        raise NotFound(f"no agency with id {agency_id}")
    issued = issue_secret(AGENCY_KEY_PREFIX)
    credential = ApiCredential(
        kind="agency_key",
        prefix=issued.prefix,
        secret_hash=hash_secret(issued.token, key),
        name=name,
        agency_id=agency_id,
        created_by_user_id=created_by_user_id,
        expires_at=expires_at,
    )
    session.add(credential)
    session.flush()
    return credential, issued.token
