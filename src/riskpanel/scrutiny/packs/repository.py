"""Every query on scrutiny packs: one pack by id, a page of packs with their summary counts,
the released packs of a period, and the removal of a discarded draft."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from riskpanel.models import ScrutinyFeedback, ScrutinyPack, ScrutinySummary

RELEASED = "released"


def pack_by_id(session: Session, pack_id: int, *, for_update: bool = False) -> ScrutinyPack | None:
    query = select(ScrutinyPack).where(col(ScrutinyPack.id) == pack_id)
    if for_update:
        query = query.with_for_update()
    return session.exec(query).first()


def page_of_packs(
    session: Session, *, panel_id: int | None, released_only: bool, limit: int, after_id: int | None
) -> list[ScrutinyPack]:
    """Newest first, one more than ``limit`` so the caller knows whether a next page exists."""
    query = select(ScrutinyPack)
    if released_only:
        query = query.where(col(ScrutinyPack.status) == RELEASED)
    if panel_id is not None:
        query = query.where(col(ScrutinyPack.panel_id) == panel_id)
    if after_id is not None:
        query = query.where(col(ScrutinyPack.id) < after_id)
    return list(session.exec(query.order_by(col(ScrutinyPack.id).desc()).limit(limit + 1)))


def summary_counts(session: Session, pack_ids: list[int], *, released_only: bool) -> dict[int, int]:
    """Summaries per pack; a scrutiny member's count leaves out the withheld ones."""
    query = select(ScrutinySummary.pack_id, func.count()).where(
        col(ScrutinySummary.pack_id).in_(pack_ids)
    )
    if released_only:
        query = query.where(col(ScrutinySummary.withheld).is_(False))
    return dict(session.exec(query.group_by(col(ScrutinySummary.pack_id))).all())


def released_packs(
    session: Session, *, panel_id: int | None, start: date | None, end: date | None
) -> list[ScrutinyPack]:
    """Released packs overlapping the period, oldest period first."""
    query = select(ScrutinyPack).where(col(ScrutinyPack.status) == RELEASED)
    if panel_id is not None:
        query = query.where(col(ScrutinyPack.panel_id) == panel_id)
    if start is not None:
        query = query.where(col(ScrutinyPack.period_end) >= start)
    if end is not None:
        query = query.where(col(ScrutinyPack.period_start) <= end)
    return list(session.exec(query.order_by(col(ScrutinyPack.period_start), col(ScrutinyPack.id))))


def delete_draft_rows(session: Session, pack: ScrutinyPack) -> None:
    """A discarded draft's feedback and summaries (the pack row itself the caller deletes)."""
    summary_ids = select(ScrutinySummary.id).where(col(ScrutinySummary.pack_id) == pack.id)
    session.exec(delete(ScrutinyFeedback).where(col(ScrutinyFeedback.summary_id).in_(summary_ids)))
    session.exec(delete(ScrutinySummary).where(col(ScrutinySummary.pack_id) == pack.id))
