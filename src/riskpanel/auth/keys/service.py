"""Administering agency API keys: issue, list, rotate, revoke. Every change is audited.

A key is shown once at issue; afterwards only its public prefix is. Rotation issues a new
key and dates the old one's revocation ahead by an optional overlap, so a partner system
can switch without an outage; revocation and expiry both answer 401 from then on.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from riskpanel.access.credentials import credential_usable
from riskpanel.auth.events import administration_event
from riskpanel.auth.service import issue_agency_key
from riskpanel.kit.errors import Conflict, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.models import Agency, ApiCredential, utcnow

AGENCY_KEY = "agency_key"


def _require_agency(session: Session, agency_id: int) -> Agency:
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound()
    return agency


def get_key(*, session: Session, agency_id: int, key_id: int) -> ApiCredential:
    _require_agency(session, agency_id)
    key = session.get(ApiCredential, key_id)
    if key is None or key.kind != AGENCY_KEY or key.agency_id != agency_id:
        raise NotFound()
    return key


def is_active(key: ApiCredential, now: datetime | None = None) -> bool:
    return credential_usable(key, now=now or utcnow())


def _audit(
    session: Session, principal: Principal, key: ApiCredential, change: str, **detail: object
) -> None:
    about = {"change": change, "agency_id": key.agency_id, "prefix": key.prefix, **detail}
    administration_event(session, principal, ("api_credential", key.id), ["agency_key"], **about)


def create_key(
    *,
    session: Session,
    principal: Principal,
    agency_id: int,
    name: str,
    expires_in_days: int,
    secret_key: str,
) -> tuple[ApiCredential, str]:
    """Returns the key row and the whole token, which the caller shows once."""
    _require_agency(session, agency_id)
    key, token = issue_agency_key(
        session=session,
        agency_id=agency_id,
        key=secret_key,
        name=name,
        expires_at=utcnow() + timedelta(days=expires_in_days),
        created_by_user_id=principal.user_id,
    )
    _audit(session, principal, key, "issued")
    return key, token


def list_keys(*, session: Session, agency_id: int | None = None) -> list[ApiCredential]:
    query = select(ApiCredential).where(ApiCredential.kind == AGENCY_KEY)
    if agency_id is not None:
        _require_agency(session, agency_id)
        query = query.where(ApiCredential.agency_id == agency_id)
    return list(session.exec(query.order_by(col(ApiCredential.id))).all())


def revoke_key(
    *, session: Session, principal: Principal, agency_id: int, key_id: int
) -> ApiCredential:
    """Revoke now; revoking a revoked key changes nothing and is not logged again.

    A key is revoked most often because it leaked or its system was retired; the keys it
    replaced by rotation were kept working only to hand over to it, so their overlap ends
    with it, in the same transaction."""
    key = get_key(session=session, agency_id=agency_id, key_id=key_id)
    now = utcnow()
    if key.revoked_at is None or key.revoked_at > now:
        key.revoked_at = now
        session.add(key)
        _audit(session, principal, key, "revoked")
    _end_overlaps(session, principal, key, now)
    return key


def _end_overlaps(
    session: Session, principal: Principal, successor: ApiCredential, now: datetime
) -> None:
    """Walk back the rotation chain, ending each predecessor still inside its overlap."""
    seen = {successor.id}
    while successor.replaces_id is not None and successor.replaces_id not in seen:
        predecessor = session.get(ApiCredential, successor.replaces_id)
        if predecessor is None:
            return
        seen.add(predecessor.id)
        if predecessor.revoked_at is not None and predecessor.revoked_at > now:
            predecessor.revoked_at = now
            session.add(predecessor)
            _audit(session, principal, predecessor, "overlap_ended", successor=successor.id)
        successor = predecessor


def rotate_key(
    *,
    session: Session,
    principal: Principal,
    agency_id: int,
    key_id: int,
    overlap_minutes: int,
    expires_in_days: int,
    secret_key: str,
) -> tuple[ApiCredential, str, ApiCredential]:
    """A new key for the same agency; the old one stops working after the overlap."""
    old = get_key(session=session, agency_id=agency_id, key_id=key_id)
    if old.revoked_at is not None or not is_active(old):
        raise Conflict("That key is revoked, expiring or already rotated; issue a new key.")
    new, token = issue_agency_key(
        session=session,
        agency_id=agency_id,
        key=secret_key,
        name=old.name,
        expires_at=utcnow() + timedelta(days=expires_in_days),
        created_by_user_id=principal.user_id,
    )
    old.revoked_at = utcnow() + timedelta(minutes=overlap_minutes)
    new.replaces_id = old.id
    session.add_all([old, new])
    _audit(session, principal, old, "rotated", replaced_by=new.id, overlap=overlap_minutes)
    _audit(session, principal, new, "issued", replaces=old.id)
    return new, token, old


def revoke_user_tokens(*, session: Session, user_id: int, now: datetime | None = None) -> int:
    """Revoke a person's personal tokens (their account was disabled)."""
    now = now or utcnow()
    result = session.execute(
        update(ApiCredential)
        .where(
            col(ApiCredential.user_id) == user_id,
            col(ApiCredential.kind) == "personal_token",
            col(ApiCredential.revoked_at).is_(None),
        )
        .values(revoked_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)
