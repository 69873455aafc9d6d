"""The proposal's queries: each section's most pressing cases, at most ``limit`` of them,
with the number of all the cases that section would hold.

Each is one statement: the filter, the order and the bound run in the database
(``ORDER BY ... LIMIT``) and ``count(*) OVER ()`` counts every matching case before the
bound, so a panel with 1,600 cases waiting returns 25 rows per section, not 1,600 rows to
sort and filter in Python (issue 20). The order is the agenda's: docs/DOMAIN.md section 5.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, and_, case, exists, func, literal, or_
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from riskpanel.meetings.repository import HEARD_STATES, REVIEW_STATES
from riskpanel.models import Action, AgendaItem, Case, Meeting
from riskpanel.models.enums import AgendaSection

S = AgendaSection
RISK_RANK = {"high": 0, "medium": 1, "standard": 2}
# The agenda never reads a case's route evidence (JSON, the costliest column to decode).
_NO_EVIDENCE = defer(Case.route_evidence)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Bounded:
    """The first cases of a section in agenda order, and how many the section holds."""

    cases: list[Case]
    total: int


def _bounded(
    session: Session, where: ColumnElement[bool], order: Sequence[Any], limit: int
) -> Bounded:
    total = func.count().over().label("total")
    query = select(Case, total).where(where).options(_NO_EVIDENCE)
    rows = session.exec(query.order_by(*order).limit(limit)).all()
    return Bounded([row[0] for row in rows], int(rows[0][1]) if rows else 0)


def _risk_rank() -> ColumnElement[int]:
    return case(RISK_RANK, value=col(Case.risk_level), else_=len(RISK_RANK))


# Children in the household first, then risk high to standard, then the oldest referral.
HEARING_ORDER = (
    col(Case.children_in_household).desc(),
    _risk_rank(),
    col(Case.last_referral_at),
    col(Case.id),
)
# The longest since the last hearing first (a case never heard, which should not be under
# review, last on either database).
HEARD_ORDER = (col(Case.last_hearing_at).is_(None), col(Case.last_hearing_at), col(Case.id))


def is_repeat() -> ColumnElement[bool]:
    """A repeat case: referred again, or heard before (as ``proposal.hearing_section``).
    Never NULL, so that its negation holds the new cases, those without a route too."""
    repeat_route = func.coalesce(col(Case.route), "") == "repeat"
    return or_(repeat_route, col(Case.last_hearing_at).is_not(None))


def _waiting(meeting: Meeting, now: datetime) -> ColumnElement[bool]:
    """Accepted cases, and listed cases not booked to be heard at another meeting to come."""
    booked_elsewhere = exists().where(
        col(AgendaItem.case_id) == col(Case.id),
        col(AgendaItem.meeting_id) == col(Meeting.id),
        col(Meeting.id) != meeting.id,
        col(Meeting.starts_at) >= now,
        col(AgendaItem.section).in_((S.NEW_CASE.value, S.REPEAT_CASE.value)),
    )
    return and_(
        col(Case.panel_id) == meeting.panel_id,
        col(Case.state).in_(("accepted", "listed")),  # the (panel, state) index, on both
        col(Case.erased_at).is_(None),
        (col(Case.state) == "accepted") | ~booked_elsewhere,
    )


def _on_time(meeting: Meeting, late_agreed: Iterable[int]) -> ColumnElement[bool]:
    """Referred by the cut-off, or listed late with the chair's agreement."""
    agreed = sorted(late_agreed)
    in_time = col(Case.last_referral_at) <= meeting.referral_cutoff_at
    return or_(in_time, col(Case.id).in_(agreed)) if agreed else in_time


def hearing_cases(
    session: Session,
    meeting: Meeting,
    now: datetime,
    *,
    section: AgendaSection,
    late_agreed: Iterable[int],
    limit: int,
) -> Bounded:
    """New or repeat cases to hear at the meeting, the most pressing first."""
    repeat = is_repeat() if section == S.REPEAT_CASE else ~is_repeat()
    where = and_(_waiting(meeting, now), _on_time(meeting, late_agreed), repeat)
    return _bounded(session, where, HEARING_ORDER, limit)


def deferred_cases(
    session: Session, meeting: Meeting, now: datetime, *, late_agreed: Iterable[int], limit: int
) -> Bounded:
    """Cases waiting but referred after the cut-off (and not agreed late): the next meeting's."""
    where = and_(_waiting(meeting, now), ~_on_time(meeting, late_agreed))
    return _bounded(session, where, HEARING_ORDER, limit)


def _booked_elsewhere(meeting: Meeting, now: datetime) -> ColumnElement[bool]:
    """On the agenda of another planned meeting of the panel still to come, to be heard or
    reviewed there: a new meeting does not propose it a second time."""
    other = select(literal(1)).select_from(AgendaItem)
    other = other.join(Meeting, col(Meeting.id) == col(AgendaItem.meeting_id))
    return exists(
        other.where(
            col(AgendaItem.case_id) == col(Case.id),
            col(Meeting.panel_id) == meeting.panel_id,
            col(Meeting.id) != meeting.id,
            col(Meeting.status) == "planned",
            col(Meeting.starts_at) >= now,
            col(AgendaItem.section).in_((S.NEW_CASE.value, S.REPEAT_CASE.value, S.REVIEW.value)),
        )
    )


def _first_open_action_due() -> ScalarSelect[date]:
    """The soonest due date of the case's actions without a review outcome (NULL without
    one). A correlated scalar, probed per candidate case from the partial index
    ``ix_action_unreviewed_by_case`` (the first entry): an EXISTS inside the OR below was
    planned on PostgreSQL as a hashed subplan reading every open action of every panel
    (56k rows at 100k cases) to keep one panel's 1,030 candidates."""
    return (
        select(func.min(col(Action.due_on)))
        .where(col(Action.case_id) == col(Case.id), col(Action.review_outcome).is_(None))
        .scalar_subquery()
    )


def review_cases(
    session: Session,
    meeting: Meeting,
    now: datetime,
    *,
    meeting_day: date,
    review_from: datetime,
    limit: int,
) -> Bounded:
    """Cases whose actions come back: under review, an open action due by the meeting day,
    or last heard on or before ``review_from``; the longest since their hearing first."""
    comes_back = or_(  # the cheap tests first: the action is probed only when they fail
        col(Case.state) == "review",
        col(Case.last_hearing_at) <= review_from,
        _first_open_action_due() <= meeting_day,
    )
    where = and_(
        col(Case.panel_id) == meeting.panel_id,
        col(Case.state).in_(REVIEW_STATES),
        col(Case.erased_at).is_(None),
        comes_back,
        ~_booked_elsewhere(meeting, now),
    )
    return _bounded(session, where, HEARD_ORDER, limit)


def due_action_counts(
    session: Session, case_ids: Iterable[int], meeting_day: date
) -> dict[int, int]:
    """Open actions due by the meeting day, per case (the reason a case is reviewed)."""
    wanted = sorted(set(case_ids))
    if not wanted:
        return {}
    rows = session.exec(
        select(Action.case_id, func.count())
        .where(
            col(Action.case_id).in_(wanted),
            col(Action.review_outcome).is_(None),
            col(Action.due_on) <= meeting_day,
        )
        .group_by(col(Action.case_id))
    ).all()
    return {case_id: int(n) for case_id, n in rows}


def notice_cases(session: Session, panel_id: int, *, heard_before: datetime, limit: int) -> Bounded:
    """Open cases last heard before ``heard_before`` (the 12-month notice), the oldest first,
    read from the partial index ``ix_case_open_last_hearing``."""
    where = and_(
        col(Case.panel_id) == panel_id,
        col(Case.state).in_(HEARD_STATES),
        col(Case.erased_at).is_(None),
        col(Case.closed_at).is_(None),
        col(Case.last_hearing_at).is_not(None),
        col(Case.last_hearing_at) < heard_before,
    )
    return _bounded(session, where, (col(Case.last_hearing_at), col(Case.id)), limit)


def case_by_reference(session: Session, panel_id: int, reference: str) -> Case | None:
    """A live case of the panel by its reference (to add a case the proposal left out)."""
    return session.exec(
        select(Case)
        .where(
            col(Case.reference) == reference.strip().upper(),
            col(Case.panel_id) == panel_id,
            col(Case.erased_at).is_(None),
        )
        .options(_NO_EVIDENCE)
    ).first()
