"""The summary queries scrutiny shares: a pack's summaries in the order they were drawn, and
one summary of a pack (locked when it is about to change)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from riskpanel.models import ScrutinyPack, ScrutinySummary


def summaries_of(session: Session, pack: ScrutinyPack) -> list[ScrutinySummary]:
    return list(
        session.exec(
            select(ScrutinySummary)
            .where(col(ScrutinySummary.pack_id) == pack.id)
            .order_by(col(ScrutinySummary.id))
        )
    )


def summary_in_pack(
    session: Session, pack: ScrutinyPack, summary_id: int, *, for_update: bool = False
) -> ScrutinySummary | None:
    query = select(ScrutinySummary).where(
        col(ScrutinySummary.id) == summary_id, col(ScrutinySummary.pack_id) == pack.id
    )
    if for_update:
        query = query.with_for_update()
    return session.exec(query).first()
