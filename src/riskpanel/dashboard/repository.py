"""The dashboard's own queries: the cases due their twelve-month notice, and the panel's
next meetings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from riskpanel.models import Case, Meeting


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


def upcoming_meetings(
    session: Session, panel_id: int, now: datetime, *, limit: int
) -> list[Meeting]:
    """The panel's first ``limit`` meetings (in id order, as the meeting list) not yet begun.

    Asked here rather than by filtering the meeting list: that list reads up to 200 of
    the panel's meetings, past ones too, and their invitations one meeting at a time, so
    the dashboard's cost grew with the panel's history (ix_meeting_panel_starts serves
    this)."""
    query = (
        select(Meeting)
        .where(Meeting.panel_id == panel_id, col(Meeting.starts_at) >= now)
        .order_by(col(Meeting.id))
        .limit(limit)
    )
    return list(session.exec(query).all())
