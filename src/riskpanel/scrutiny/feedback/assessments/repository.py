"""The queries only assessments need: one member's assessment of one summary, all on a pack,
and the answered ones (pages of them and the one to answer: ``feedback.repository``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from riskpanel.models import ScrutinyAssessment, ScrutinyPack, ScrutinySummary


def own_assessment(
    session: Session, summary_id: int, user_id: int, *, for_update: bool = False
) -> ScrutinyAssessment | None:
    """Locked when it is to be edited, so an edit cannot cross the coordinator's answer."""
    query = select(ScrutinyAssessment).where(
        col(ScrutinyAssessment.summary_id) == summary_id, col(ScrutinyAssessment.user_id) == user_id
    )
    return session.exec(query.with_for_update() if for_update else query).first()


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
