"""Every query on scrutiny feedback: a page of feedback with its summary, pack and author, one
item locked for an answer, and all the feedback on a pack."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from riskpanel.models import ScrutinyFeedback, ScrutinyPack, ScrutinySummary, User

Row = tuple[ScrutinyFeedback, ScrutinySummary, ScrutinyPack, str]


def feedback_rows(
    session: Session,
    *,
    panel_id: int | None = None,
    user_id: int | None = None,
    pack_id: int | None,
    answered: bool | None,
    limit: int,
) -> Sequence[Row]:
    """Newest first: a panel's feedback (``panel_id``) or one member's own (``user_id``)."""
    query = (
        select(ScrutinyFeedback, ScrutinySummary, ScrutinyPack, User.display_name)
        .join(ScrutinySummary, col(ScrutinySummary.id) == col(ScrutinyFeedback.summary_id))
        .join(ScrutinyPack, col(ScrutinyPack.id) == col(ScrutinySummary.pack_id))
        .join(User, col(User.id) == col(ScrutinyFeedback.user_id))
    )
    if user_id is None:
        query = query.where(col(ScrutinyPack.panel_id) == panel_id)
    else:
        query = query.where(col(ScrutinyFeedback.user_id) == user_id)
    if pack_id is not None:
        query = query.where(col(ScrutinyPack.id) == pack_id)
    if answered is not None:
        column = col(ScrutinyFeedback.response)
        query = query.where(column.is_not(None) if answered else column.is_(None))
    return session.exec(query.order_by(col(ScrutinyFeedback.id).desc()).limit(limit)).all()


def feedback_for_answer(session: Session, feedback_id: int) -> ScrutinyFeedback | None:
    """Locked, so two answers given at once cannot both be stored."""
    query = select(ScrutinyFeedback).where(col(ScrutinyFeedback.id) == feedback_id)
    return session.exec(query.with_for_update()).first()


def feedback_on_pack(session: Session, pack_id: int) -> list[ScrutinyFeedback]:
    return list(
        session.exec(
            select(ScrutinyFeedback)
            .join(ScrutinySummary, col(ScrutinySummary.id) == col(ScrutinyFeedback.summary_id))
            .where(col(ScrutinySummary.pack_id) == pack_id)
        )
    )
