"""Research's queries: returns and their items, requests, the agencies a listing asks, and
what is still owed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from riskpanel.models import (
    Agency,
    Case,
    Meeting,
    MeetingInvite,
    PanelMembership,
    ResearchItem,
    ResearchRequest,
    ResearchReturn,
    Timer,
)


def expected_agencies(session: Session, meeting_id: int, panel_id: int) -> set[int]:
    invited = set(
        session.exec(select(MeetingInvite.agency_id).where(MeetingInvite.meeting_id == meeting_id))
    )
    if invited:
        return invited
    return set(
        session.exec(
            select(PanelMembership.agency_id).where(
                PanelMembership.panel_id == panel_id, col(PanelMembership.left_on).is_(None)
            )
        )
    )


def returned_since(session: Session, case_id: int, agency_id: int, since: datetime) -> bool:
    return (
        session.exec(
            select(ResearchReturn.id).where(
                ResearchReturn.case_id == case_id,
                ResearchReturn.agency_id == agency_id,
                col(ResearchReturn.submitted_at) >= since,
            )
        ).first()
        is not None
    )


def returns_of(session: Session, case_id: int, agency_id: int | None) -> list[ResearchReturn]:
    """The case's returns in the order submitted; one agency's only when ``agency_id``."""
    query = select(ResearchReturn).where(ResearchReturn.case_id == case_id)
    if agency_id is not None:
        query = query.where(ResearchReturn.agency_id == agency_id)
    return list(
        session.exec(query.order_by(col(ResearchReturn.submitted_at), col(ResearchReturn.id))).all()
    )


def items_of(session: Session, return_ids: list[int]) -> Sequence[ResearchItem]:
    return session.exec(
        select(ResearchItem)
        .where(col(ResearchItem.research_return_id).in_(return_ids))
        .order_by(col(ResearchItem.id))
    ).all()


def agency_names(session: Session, agency_ids: set[int]) -> dict[int | None, str]:
    found = session.exec(select(Agency).where(col(Agency.id).in_(agency_ids))).all()
    return {a.id: a.name for a in found}


def agencies_returned_since(session: Session, case_id: int, since: datetime) -> set[int]:
    return set(
        session.exec(
            select(ResearchReturn.agency_id).where(
                ResearchReturn.case_id == case_id,
                col(ResearchReturn.submitted_at) >= since,
            )
        )
    )


def open_requests(
    session: Session, agency_id: int, now: datetime
) -> list[tuple[ResearchRequest, Case, Meeting]]:
    """The agency's requests for listed cases whose planned meeting is still to come."""
    rows = session.exec(
        select(ResearchRequest, Case, Meeting)
        .join(Case, col(Case.id) == col(ResearchRequest.case_id))
        .join(Meeting, col(Meeting.id) == col(ResearchRequest.meeting_id))
        .where(
            ResearchRequest.agency_id == agency_id,
            Case.state == "listed",
            col(Case.erased_at).is_(None),
            Meeting.status == "planned",
            col(Meeting.starts_at) >= now,
        )
    ).all()
    return [(req, case, meeting) for req, case, meeting in rows]


def pending_listing_timers(session: Session, kind: str) -> list[tuple[Timer, Case]]:
    """Unfired listing timers of ``kind`` on listed cases."""
    rows = session.exec(
        select(Timer, Case)
        .join(Case, col(Case.id) == col(Timer.subject_id))
        .where(
            Timer.kind == kind,
            Timer.subject_type == "case",
            col(Timer.fired_at).is_(None),
            col(Timer.cancelled_at).is_(None),
            Case.state == "listed",
            col(Case.erased_at).is_(None),
        )
    ).all()
    return [(timer, case) for timer, case in rows]


def request_for(
    session: Session, case_id: int | None, meeting_id: int | None, agency_id: int
) -> ResearchRequest | None:
    return session.exec(
        select(ResearchRequest).where(
            ResearchRequest.case_id == case_id,
            ResearchRequest.meeting_id == meeting_id,
            ResearchRequest.agency_id == agency_id,
        )
    ).first()
