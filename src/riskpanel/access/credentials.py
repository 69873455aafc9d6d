"""Who is calling: the bearer credential every API request carries, checked on each request.

It sits below the HTTP layer (``riskpanel.api.access`` calls it for every request) and below
the auth domain (which issues and revokes credentials), so both can use it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, bindparam, func
from sqlmodel import Session, col, select

from riskpanel.access.secrets import secret_matches, split_prefix
from riskpanel.kit.errors import NotAuthenticated
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import Agency, ApiCredential, User, utcnow

LAST_USED_GRANULARITY = timedelta(minutes=1)  # avoid a write on every single request

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
    if agency is not None:
        keep_loaded(session, agency)
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


KEPT = "riskpanel.kept"


def keep_loaded(session: Session, row: object) -> None:
    """Hold `row` for the session's life. The identity map holds rows only weakly, so the
    caller's agency, read with the key, was gone by the time the services checked its
    sharing agreement (`agency_may_receive`, on every agency request) and was read again."""
    session.info.setdefault(KEPT, []).append(row)


def kept_agency(session: Session, agency_id: int) -> Agency | None:
    """The agency `keep_loaded` holds for this session, if it holds that one."""
    found = (r for r in session.info.get(KEPT, ()) if isinstance(r, Agency))
    return next((a for a in found if a.id == agency_id), None)


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
