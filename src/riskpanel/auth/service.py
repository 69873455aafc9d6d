"""Users and bearer credentials: issue, authenticate, revoke. Keyword-only, never commits."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, bindparam, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from riskpanel.auth.secrets import (
    AGENCY_KEY_PREFIX,
    PERSONAL_TOKEN_PREFIX,
    hash_password,
    hash_secret,
    issue_secret,
    secret_matches,
    split_prefix,
)
from riskpanel.kit.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PEOPLE_ROLES, Role
from riskpanel.models import Agency, ApiCredential, Panel, User, utcnow

LAST_USED_GRANULARITY = timedelta(minutes=1)  # avoid a write on every single request


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
    if role == Role.AGENCY and agency_id is None:
        raise InvalidInput.field("agency_id", "an agency user must belong to an agency")
    if agency_id is not None and session.get(Agency, agency_id) is None:
        raise InvalidInput.field("agency_id", f"no agency with id {agency_id}")
    if panel_id is not None and session.get(Panel, panel_id) is None:
        raise InvalidInput.field("panel_id", f"no panel with id {panel_id}")
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


_BY_PREFIX = (
    select(ApiCredential, User, Agency)
    .outerjoin(User, col(User.id) == col(ApiCredential.user_id))
    .outerjoin(Agency, col(Agency.id) == func.coalesce(ApiCredential.agency_id, User.agency_id))
    .where(ApiCredential.prefix == bindparam("prefix", type_=String))
)


def authenticate_bearer(*, session: Session, token: str, key: str) -> Principal:
    """One generic refusal for every failure, so callers learn nothing about keys.

    The credential, its user and its agency come back in one query built once (see
    `_BY_PREFIX`): this runs on every API request."""
    prefix = split_prefix(token)
    found = session.exec(_BY_PREFIX, params={"prefix": prefix}).first() if prefix else None
    now = utcnow()
    if (
        found is None
        or not secret_matches(token, found[0].secret_hash, key)
        or not credential_usable(found[0], now=now)
    ):
        raise NotAuthenticated()
    credential, user, agency = found
    if credential.last_used_at is None or now - credential.last_used_at > LAST_USED_GRANULARITY:
        credential.last_used_at = now
        session.add(credential)
    if credential.kind == "agency_key":
        if agency is None or not agency.active:
            raise NotAuthenticated()
        return Principal(
            role=Role.AGENCY_CLIENT,
            label=f"{agency.name} system ({credential.prefix})",
            credential_id=credential.id,
            agency_id=agency.id,
        )
    if user is None or not user.active:
        raise NotAuthenticated()
    return principal_for_user(user, credential_id=credential.id)


def credential_usable(credential: ApiCredential, *, now: datetime) -> bool:
    """Revocation may be dated ahead (a rotation's overlap); expiry is always absolute."""
    if credential.revoked_at is not None and credential.revoked_at <= now:
        return False
    return credential.expires_at is None or credential.expires_at > now


def principal_for_user(
    user: User, *, credential_id: int | None = None, web_session_id: int | None = None
) -> Principal:
    return Principal(
        role=user.role,
        label=user.display_name,
        user_id=user.id,
        credential_id=credential_id,
        agency_id=user.agency_id,
        panel_id=user.panel_id,
        web_session_id=web_session_id,
    )
