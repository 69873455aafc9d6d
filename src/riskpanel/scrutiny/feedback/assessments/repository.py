"""Every query on assessments: a page of them with summary, pack and author; one member's
assessment of one summary; one locked for an answer; all on a pack; the answered ones."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from riskpanel.models import ScrutinyAssessment, ScrutinyPack, ScrutinySummary, User

Row = tuple[ScrutinyAssessment, ScrutinySummary, ScrutinyPack, str]


def assessment_rows(
    session: Session,
    *,
    panel_id: int | None = None,
    user_id: int | None = None,
    pack_id: int | None,
    answered: bool | None,
    limit: int,
) -> Sequence[Row]:
    """Newest first: a panel's assessments (``panel_id``) or one member's own (``user_id``)."""
    query = (
        select(ScrutinyAssessment, ScrutinySummary, ScrutinyPack, User.display_name)
        .join(ScrutinySummary, col(ScrutinySummary.id) == col(ScrutinyAssessment.summary_id))
        .join(ScrutinyPack, col(ScrutinyPack.id) == col(ScrutinySummary.pack_id))
        .join(User, col(User.id) == col(ScrutinyAssessment.user_id))
    )
    if user_id is None:
        query = query.where(col(ScrutinyPack.panel_id) == panel_id)
    else:
        query = query.where(col(ScrutinyAssessment.user_id) == user_id)
    if pack_id is not None:
        query = query.where(col(ScrutinyPack.id) == pack_id)
    if answered is not None:
        column = col(ScrutinyAssessment.response)
        query = query.where(column.is_not(None) if answered else column.is_(None))
    return session.exec(query.order_by(col(ScrutinyAssessment.id).desc()).limit(limit)).all()


def own_assessment(
    session: Session, summary_id: int, user_id: int, *, for_update: bool = False
) -> ScrutinyAssessment | None:
    """Locked when it is to be edited, so an edit cannot cross the coordinator's answer."""
    query = select(ScrutinyAssessment).where(
        col(ScrutinyAssessment.summary_id) == summary_id, col(ScrutinyAssessment.user_id) == user_id
    )
    return session.exec(query.with_for_update() if for_update else query).first()


def assessment_for_answer(session: Session, assessment_id: int) -> ScrutinyAssessment | None:
    """Locked, so two answers given at once cannot both be stored."""
    query = select(ScrutinyAssessment).where(col(ScrutinyAssessment.id) == assessment_id)
    return session.exec(query.with_for_update()).first()


def assessments_on_pack(session: Session, pack_id: int) -> list[ScrutinyAssessment]:
    return list(
        session.exec(
            select(ScrutinyAssessment)
            .join(ScrutinySummary, col(ScrutinySummary.id) == col(ScrutinyAssessment.summary_id))
            .where(col(ScrutinySummary.pack_id) == pack_id)
            .order_by(col(ScrutinyAssessment.id))
        )
    )


def answered_on_packs(
    session: Session, pack_ids: Sequence[int]
) -> Sequence[tuple[ScrutinyAssessment, ScrutinySummary, ScrutinyPack]]:
    """Every answered assessment on these packs, by pack (newest period first) then answer."""
    if not pack_ids:
        return []
    query = (
        select(ScrutinyAssessment, ScrutinySummary, ScrutinyPack)
        .join(ScrutinySummary, col(ScrutinySummary.id) == col(ScrutinyAssessment.summary_id))
        .join(ScrutinyPack, col(ScrutinyPack.id) == col(ScrutinySummary.pack_id))
        .where(col(ScrutinyPack.id).in_(pack_ids), col(ScrutinyAssessment.response).is_not(None))
        .order_by(col(ScrutinyPack.period_end).desc(), col(ScrutinyAssessment.responded_at))
    )
    return session.exec(query).all()
