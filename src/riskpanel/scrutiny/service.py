"""Scrutiny use cases: the one module the API, the CLI, the web UI and the demo call.

Drafting (:mod:`.packs`), review (:mod:`.review`), release (:mod:`.release`) and feedback
(:mod:`.feedback`) live in modules of their own; this module adds the statistics reads and
re-exports the rest, so callers have a single, stable import. Like every service it takes the
session keyword-only and never commits.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from riskpanel.config import Settings
from riskpanel.kit.errors import Conflict, InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.models import Panel, ScrutinyPack
from riskpanel.models.enums import AuditAction
from riskpanel.scrutiny.access import (
    RELEASED,
    audit,
    get_pack,
    get_summary,
    is_scrutiny,
    recipient_label,
    require_panel,
)
from riskpanel.scrutiny.feedback import (
    add_feedback,
    feedback_out,
    feedback_report,
    list_feedback,
    respond,
)
from riskpanel.scrutiny.pack_pdf import pack_document
from riskpanel.scrutiny.packs import create_pack, discard_pack, list_packs
from riskpanel.scrutiny.release import pack_detail, period_statistics, release_pack, released_view
from riskpanel.scrutiny.review import (
    add_redaction,
    set_reviewed,
    set_withheld,
    summaries_of,
    summary_detail,
)
from riskpanel.scrutiny.schemas import StatisticsOut
from riskpanel.scrutiny.statistics import to_csv
from riskpanel.scrutiny.views import statistics_out

__all__ = [
    "add_feedback",
    "add_redaction",
    "create_pack",
    "discard_pack",
    "feedback_out",
    "feedback_report",
    "get_pack",
    "get_summary",
    "list_feedback",
    "list_packs",
    "pack_detail",
    "pack_document",
    "pack_statistics",
    "partnership_statistics",
    "release_pack",
    "released_statistics",
    "released_view",
    "respond",
    "set_reviewed",
    "set_withheld",
    "statistics_csv",
    "summaries_of",
    "summary_detail",
]

MAX_PERIOD_DAYS = 5 * 366


def partnership_statistics(
    *, session: Session, principal: Principal, start: date, end: date, settings: Settings
) -> StatisticsOut:
    """Live figures for the panel's own coordinator or chair, after the 10-5 rule."""
    if end < start:
        raise InvalidInput.field("to", "is before from")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise InvalidInput.field("to", "the period may be at most five years")
    panel: Panel = require_panel(session, principal)
    stats = period_statistics(session, panel=panel, start=start, end=end, settings=settings)
    audit(
        session,
        principal,
        AuditAction.CONSULTATION,
        "scrutiny_statistics",
        panel.id,
        detail={"from": start.isoformat(), "to": end.isoformat()},
    )
    return statistics_out(stats)


def released_statistics(
    *, session: Session, principal: Principal, start: date | None, end: date | None
) -> list[StatisticsOut]:
    """For scrutiny members: the stored figures of each released pack in the period."""
    query = select(ScrutinyPack).where(col(ScrutinyPack.status) == RELEASED)
    if principal.panel_id is not None:
        query = query.where(col(ScrutinyPack.panel_id) == principal.panel_id)
    if start is not None:
        query = query.where(col(ScrutinyPack.period_end) >= start)
    if end is not None:
        query = query.where(col(ScrutinyPack.period_start) <= end)
    packs = list(session.exec(query.order_by(col(ScrutinyPack.period_start), col(ScrutinyPack.id))))
    for pack in packs:
        audit(
            session,
            principal,
            AuditAction.DISCLOSURE,
            "scrutiny_statistics",
            pack.id,
            recipients=[recipient_label(principal)],
            detail={"format": "json"},
        )
    return [statistics_out(p.statistics, p.id) for p in packs]


def pack_statistics(
    *, session: Session, principal: Principal, pack_id: int, fmt: str = "json"
) -> tuple[ScrutinyPack, StatisticsOut]:
    """A released pack's stored figures; a scrutiny member's read is a disclosure."""
    pack = get_pack(session, principal, pack_id)
    if pack.status != RELEASED:
        raise Conflict("This pack has not been released, so it has no figures yet.")
    action = AuditAction.DISCLOSURE if is_scrutiny(principal) else AuditAction.CONSULTATION
    audit(
        session,
        principal,
        action,
        "scrutiny_statistics",
        pack.id,
        recipients=[recipient_label(principal)] if is_scrutiny(principal) else (),
        detail={"format": fmt},
    )
    return pack, statistics_out(pack.statistics, pack.id)


def statistics_csv(stats: StatisticsOut) -> str:
    return to_csv(stats.model_dump(mode="json"))
