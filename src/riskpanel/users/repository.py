"""Every query of the users domain."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from riskpanel.kit.roles import Role
from riskpanel.models import User


def users_after(
    *,
    session: Session,
    role: str | None,
    agency_id: int | None,
    active: bool | None,
    after: int | None,
    limit: int,
) -> list[User]:
    """Users matching the filters, in id order, from just after the cursor's id."""
    query = select(User)
    if role is not None:
        query = query.where(User.role == role)
    if agency_id is not None:
        query = query.where(User.agency_id == agency_id)
    if active is not None:
        query = query.where(User.active == active)
    if after is not None:
        query = query.where(col(User.id) > after)
    return list(session.exec(query.order_by(col(User.id)).limit(limit)).all())


def user(*, session: Session, user_id: int, lock: bool = False) -> User | None:
    """``lock``: held until commit, so two admins changing one user are serialised."""
    query = select(User).where(User.id == user_id)
    if lock:
        query = query.with_for_update()
    return session.exec(query).first()


def other_active_admins(*, session: Session, user_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, col(User.active).is_(True), User.id != user_id)
    ).one()


def awaiting_approval(*, session: Session) -> list[User]:
    query = select(User).where(col(User.awaiting_approval).is_(True))
    return list(session.exec(query.order_by(col(User.id))).all())


def display_names(*, session: Session, user_ids: list[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = session.exec(select(User.id, User.display_name).where(col(User.id).in_(user_ids)))
    return {user_id: name for user_id, name in rows.all() if user_id is not None}
