"""The dashboard's own query: the cases due their twelve-month notice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from riskpanel.models import Case


def heard_before(
    session: Session, where: ColumnElement[bool], moment: datetime, *, limit: int
) -> list[Case]:
    """Open cases the caller may see whose last hearing was before ``moment`` (UTC)."""
    query = (
        select(Case)
        .where(
            where,
            col(Case.last_hearing_at).is_not(None),
            col(Case.closed_at).is_(None),
            col(Case.last_hearing_at) < moment,
        )
        .order_by(col(Case.id))
        .limit(limit)
    )
    return list(session.exec(query).all())
