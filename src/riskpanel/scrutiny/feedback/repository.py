"""Every query on scrutiny feedback: a page of feedback (or of assessments) with its summary,
pack and author, one item locked for an answer, and all the feedback on a pack."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlmodel import Session, col, select

from riskpanel.models import (
    ScrutinyAssessment,
    ScrutinyFeedback,
    ScrutinyPack,
    ScrutinySummary,
    User,
)

#: The two things members write about a summary, each answered once by the coordinator.
M = TypeVar("M", ScrutinyFeedback, ScrutinyAssessment)


def reply_rows(
    session: Session,
    model: type[M],
    *,
    panel_id: int | None = None,
    user_id: int | None = None,
    pack_id: int | None,
    answered: bool | None,
    limit: int,
) -> Sequence[tuple[M, ScrutinySummary, ScrutinyPack, str]]:
    """Newest first, with summary, pack and author: a panel's (``panel_id``) or one member's
    own (``user_id``)."""
    query = (
        select(model, ScrutinySummary, ScrutinyPack, User.display_name)
        .join(ScrutinySummary, col(ScrutinySummary.id) == col(model.summary_id))
        .join(ScrutinyPack, col(ScrutinyPack.id) == col(ScrutinySummary.pack_id))
        .join(User, col(User.id) == col(model.user_id))
    )
    if user_id is None:
        query = query.where(col(ScrutinyPack.panel_id) == panel_id)
    else:
        query = query.where(col(model.user_id) == user_id)
    if pack_id is not None:
        query = query.where(col(ScrutinyPack.id) == pack_id)
    if answered is not None:
        column = col(model.response)
        query = query.where(column.is_not(None) if answered else column.is_(None))
    return session.exec(query.order_by(col(model.id).desc()).limit(limit)).all()


def reply_for_answer(session: Session, model: type[M], reply_id: int) -> M | None:
    """Locked, so two answers given at once cannot both be stored."""
    query = select(model).where(col(model.id) == reply_id)
    return session.exec(query.with_for_update()).first()


def feedback_on_pack(session: Session, pack_id: int) -> list[ScrutinyFeedback]:
    return list(
        session.exec(
            select(ScrutinyFeedback)
            .join(ScrutinySummary, col(ScrutinySummary.id) == col(ScrutinyFeedback.summary_id))
            .where(col(ScrutinySummary.pack_id) == pack_id)
        )
    )
