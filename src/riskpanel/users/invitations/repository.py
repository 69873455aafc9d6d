"""Every query of invitations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from riskpanel.models import Invitation


def by_token_hash(*, session: Session, token_hash: str, lock: bool = False) -> Invitation | None:
    """``lock``: held until commit, so two submissions of one link cannot both use it."""
    query = select(Invitation).where(Invitation.token_hash == token_hash)
    if lock:
        query = query.with_for_update()
    return session.exec(query).first()


def latest(*, session: Session, user_id: int) -> Invitation | None:
    query = select(Invitation).where(Invitation.user_id == user_id)
    return session.exec(query.order_by(col(Invitation.id).desc())).first()


def open_for(*, session: Session, user_ids: list[int], now: datetime) -> dict[int, Invitation]:
    """The unused, unrevoked, unexpired invitation of each user that has one."""
    if not user_ids:
        return {}
    rows = session.exec(
        select(Invitation).where(
            col(Invitation.user_id).in_(user_ids),
            col(Invitation.used_at).is_(None),
            col(Invitation.revoked_at).is_(None),
            col(Invitation.expires_at) > now,
        )
    ).all()
    return {row.user_id: row for row in rows}


def revoke_open(*, session: Session, user_id: int, now: datetime) -> int:
    """End every unused invitation of a user; the number ended."""
    result = session.execute(
        update(Invitation)
        .where(
            col(Invitation.user_id) == user_id,
            col(Invitation.used_at).is_(None),
            col(Invitation.revoked_at).is_(None),
        )
        .values(revoked_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)
