"""Queries over the outbox as a whole (the webhook sub-domain keeps its own)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from riskpanel.models import Notification


def recent(*, session: Session, status: str | None, limit: int) -> list[Notification]:
    query = select(Notification)
    if status:
        query = query.where(Notification.status == status)
    return list(session.exec(query.order_by(col(Notification.id).desc()).limit(limit)).all())
