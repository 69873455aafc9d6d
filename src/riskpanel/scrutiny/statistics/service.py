"""Scrutiny figures: live figures for the panel over a period, and the stored figures of
released packs for scrutiny members. Live figures are counted from the cases each time and
pass the 10-5 rule before they leave; a released pack's figures were fixed at release, so a
member reading them later sees what the panel released. Takes the session keyword-only and
never commits.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import Conflict, InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.models import Panel, ScrutinyPack
from riskpanel.models.enums import AuditAction
from riskpanel.scrutiny.access import (
    RELEASED,
    audit,
    get_pack,
    is_scrutiny,
    recipient_label,
    require_panel,
)
from riskpanel.scrutiny.packs.repository import released_packs
from riskpanel.scrutiny.packs.service import months_before, panel_setting
from riskpanel.scrutiny.repository import concluded_cases, load_facts
from riskpanel.scrutiny.statistics.figures import publish
from riskpanel.scrutiny.statistics.projections import statistics_out
from riskpanel.scrutiny.statistics.schemas import StatisticsOut
from riskpanel.scrutiny.statistics.tables import to_csv

MAX_PERIOD_DAYS = 5 * 366


def period_statistics(
    session: Session, *, panel: Panel, start: date, end: date, tz: str
) -> dict[str, Any]:
    """Figures over every case of the panel closed or withdrawn in the period, and the
    inspection's indicators for it and for the period of the same length before it."""
    cases = concluded_cases(session, panel_id=panel.id or 0, start=start, end=end, tz=tz)
    facts = load_facts(session, cases, area=panel.area)
    before_start, before_end = period_before(start, end)
    earlier = concluded_cases(
        session, panel_id=panel.id or 0, start=before_start, end=before_end, tz=tz
    )
    threshold = panel_setting(panel, "scrutiny_suppression_threshold", 10)
    rounding = panel_setting(panel, "scrutiny_rounding", 5)
    stats = publish(
        facts,
        load_facts(session, earlier, area=panel.area),
        period_start=start,
        period_end=end,
        basis=(
            f"Cases of {panel.name} closed or withdrawn between {start.isoformat()} and "
            f"{end.isoformat()}."
        ),
        threshold=threshold,
        rounding=rounding,
    )
    return {
        **stats,
        "previous_period_start": before_start.isoformat(),
        "previous_period_end": before_end.isoformat(),
    }


def period_before(start: date, end: date) -> tuple[date, date]:
    """The period just before, as long: whole months for a period of whole months (a year
    before 2025 is 2024, leap day and all), else the same number of days."""
    if start.day == 1 and (end + timedelta(days=1)).day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        return months_before(start, months), start - timedelta(days=1)
    return start - (end - start) - timedelta(days=1), start - timedelta(days=1)


def partnership_statistics(
    *, session: Session, caller: Caller, start: date, end: date
) -> StatisticsOut:
    """Live figures for the panel's own coordinator or chair, after the 10-5 rule."""
    principal = caller.principal
    if end < start:
        raise InvalidInput.field("to", "is before from")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise InvalidInput.field("to", "the period may be at most five years")
    panel: Panel = require_panel(session, principal)
    stats = period_statistics(
        session, panel=panel, start=start, end=end, tz=caller.settings.timezone
    )
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
    packs = released_packs(session, panel_id=principal.panel_id, start=start, end=end)
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
