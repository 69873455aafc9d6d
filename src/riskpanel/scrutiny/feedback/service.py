"""Scrutiny feedback: members rate a released summary and comment; the coordinator answers.

The loop is what makes scrutiny worth having, so it is measured: how many comments were
answered, how long answers took, how long the oldest unanswered one has waited. A member sees
their own feedback and the answers to it; the panel sees everyone's, with the source case.
"""

from __future__ import annotations

from collections import Counter
from statistics import mean, median

from sqlmodel import Session, col, select

from riskpanel.kit.errors import Conflict, Forbidden, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import ScrutinyFeedback, ScrutinyPack, ScrutinySummary, User, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.scrutiny.access import (
    RELEASED,
    audit,
    get_pack,
    is_panel_role,
    is_scrutiny,
    may_see,
)
from riskpanel.scrutiny.feedback.schemas import FeedbackIn, FeedbackOut, FeedbackReport

SUBJECT = "scrutiny_feedback"
RATINGS = ("red", "amber", "green")


def _summary_for_member(session: Session, principal: Principal, summary_id: int) -> ScrutinySummary:
    summary = session.get(ScrutinySummary, summary_id)
    pack = session.get(ScrutinyPack, summary.pack_id) if summary else None
    if summary is None or pack is None or summary.withheld or not may_see(principal, pack):
        raise NotFound()
    if pack.status != RELEASED:
        raise NotFound()
    return summary


def add_feedback(
    *, session: Session, principal: Principal, summary_id: int, data: FeedbackIn
) -> tuple[ScrutinyFeedback, ScrutinySummary]:
    if not is_scrutiny(principal) or principal.user_id is None:
        raise Forbidden("Only scrutiny panel members give feedback on summaries.")
    summary = _summary_for_member(session, principal, summary_id)
    row = ScrutinyFeedback(
        summary_id=summary.id or 0,
        user_id=principal.user_id,
        rating=data.rating,
        comment=data.comment,
    )
    session.add(row)
    session.flush()
    audit(
        session,
        principal,
        AuditAction.COLLECTION,
        SUBJECT,
        row.id,
        fields=["rating", "comment"],
        detail={"summary_id": summary.id},
    )
    return row, summary


def feedback_out(
    row: ScrutinyFeedback, summary: ScrutinySummary, *, panel_view: bool, member: str | None
) -> FeedbackOut:
    return FeedbackOut(
        id=row.id or 0,
        pack_id=summary.pack_id,
        summary_id=summary.id or 0,
        summary_label=summary.label,
        rating=row.rating,
        comment=row.comment,
        created_at=row.created_at,
        member=member if panel_view else None,
        source_case_id=summary.source_case_id if panel_view else None,
        response=row.response,
        responded_at=row.responded_at,
        answered=row.response is not None,
    )


def list_feedback(
    *,
    session: Session,
    principal: Principal,
    pack_id: int | None,
    answered: bool | None,
    limit: int,
) -> list[FeedbackOut]:
    """The panel sees feedback on its own packs; a member sees their own feedback."""
    query = (
        select(ScrutinyFeedback, ScrutinySummary, ScrutinyPack, User.display_name)
        .join(ScrutinySummary, col(ScrutinySummary.id) == col(ScrutinyFeedback.summary_id))
        .join(ScrutinyPack, col(ScrutinyPack.id) == col(ScrutinySummary.pack_id))
        .join(User, col(User.id) == col(ScrutinyFeedback.user_id))
    )
    panel_view = is_panel_role(principal)
    if panel_view:
        query = query.where(col(ScrutinyPack.panel_id) == principal.panel_id)
    else:
        query = query.where(col(ScrutinyFeedback.user_id) == principal.user_id)
    if pack_id is not None:
        query = query.where(col(ScrutinyPack.id) == pack_id)
    if answered is not None:
        column = col(ScrutinyFeedback.response)
        query = query.where(column.is_not(None) if answered else column.is_(None))
    rows = session.exec(query.order_by(col(ScrutinyFeedback.id).desc()).limit(limit)).all()
    if panel_view and rows:
        audit(
            session,
            principal,
            AuditAction.CONSULTATION,
            SUBJECT,
            None,
            fields=["rating", "comment"],
            detail={"items": len(rows), "pack_id": pack_id},
        )
    return [
        feedback_out(f, s, panel_view=panel_view, member=name)
        for f, s, p, name in rows
        if panel_view or may_see(principal, p)
    ]


def respond(
    *, session: Session, principal: Principal, feedback_id: int, response: str
) -> tuple[ScrutinyFeedback, ScrutinySummary]:
    """The coordinator's answer; given once (an answer is part of the record)."""
    if principal.role != Role.COORDINATOR.value:
        raise Forbidden("Only the panel coordinator answers scrutiny feedback.")
    row = session.exec(
        select(ScrutinyFeedback).where(col(ScrutinyFeedback.id) == feedback_id).with_for_update()
    ).first()
    summary = session.get(ScrutinySummary, row.summary_id) if row else None
    pack = session.get(ScrutinyPack, summary.pack_id) if summary else None
    if row is None or summary is None or pack is None or not may_see(principal, pack):
        raise NotFound()
    if row.response is not None:
        raise Conflict("This feedback has already been answered.")
    row.response = response
    row.responded_by_user_id = principal.user_id
    row.responded_at = utcnow()
    session.add(row)
    audit(
        session,
        principal,
        AuditAction.ALTERATION,
        SUBJECT,
        row.id,
        fields=["response"],
        detail={"summary_id": summary.id},
    )
    return row, summary


def _hours(seconds: float) -> float:
    return round(seconds / 3600, 1)


def feedback_report(*, session: Session, principal: Principal, pack_id: int) -> FeedbackReport:
    """Counts answered and unanswered, and how long answers took (hours)."""
    pack = get_pack(session, principal, pack_id)
    rows = list(
        session.exec(
            select(ScrutinyFeedback)
            .join(ScrutinySummary, col(ScrutinySummary.id) == col(ScrutinyFeedback.summary_id))
            .where(col(ScrutinySummary.pack_id) == pack.id)
        )
    )
    waits = [
        (r.responded_at - r.created_at).total_seconds() for r in rows if r.responded_at is not None
    ]
    now = utcnow()
    open_ages = [(now - r.created_at).total_seconds() for r in rows if r.responded_at is None]
    ratings = Counter(r.rating for r in rows)
    return FeedbackReport(
        pack_id=pack.id or 0,
        total=len(rows),
        by_rating={k: ratings.get(k, 0) for k in RATINGS},
        answered=len(waits),
        unanswered=len(open_ages),
        median_hours_to_answer=_hours(median(waits)) if waits else None,
        mean_hours_to_answer=_hours(mean(waits)) if waits else None,
        longest_hours_to_answer=_hours(max(waits)) if waits else None,
        oldest_unanswered_hours=_hours(max(open_ages)) if open_ages else None,
    )
