"""The released pack as the documents package's view model (rendered to PDF there).

Built from the released view only (the same values a scrutiny member gets as JSON), so the
PDF cannot carry anything the JSON does not: no spans, no source ids, no precise values.
"""

from __future__ import annotations

from typing import Any

from riskpanel.documents import (
    Bar,
    BarChart,
    ComplianceCheck,
    ScrutinyAction,
    ScrutinyPackDocument,
    StatRow,
    StatTable,
)
from riskpanel.documents import ScrutinySummary as SummaryView
from riskpanel.scrutiny.packs.schemas import ReleasedPackOut
from riskpanel.scrutiny.statistics.schemas import StatTableOut
from riskpanel.scrutiny.statistics.tables import TOTAL
from riskpanel.scrutiny.summaries.schemas import ReleasedSummaryOut

HANDLING = (
    "Anonymised for community scrutiny. People are shown by labels local to this pack; ages, "
    "dates and places are generalised; small counts are suppressed. Do not try to identify "
    "anyone, do not combine this pack with other sources to do so, and do not copy or share "
    "it beyond the scrutiny panel without the coordinator's agreement."
)
MAX_TEXT = 20_000
CHARTED = ("strands", "routes", "outcomes")


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split()) or "-"
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _long(text: str) -> str:
    text = text.strip() or "-"
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "\u2026"


def _risk(value: str | None, other: str | None) -> Any:
    return value or other or "standard"


def _summary(s: ReleasedSummaryOut) -> SummaryView:
    missing = [
        name
        for name, v in (("referral", s.risk_at_referral), ("closure", s.risk_at_closure))
        if v is None
    ]
    narrative = s.narrative
    if missing:  # the view needs a level: say plainly that it was not recorded
        narrative = f"(Risk level at {' and '.join(missing)} not recorded.)\n\n{narrative}"
    return SummaryView(
        pseudonym=f"{s.label.removeprefix('Case ')} ({s.pseudonym})",
        age_band=_short(s.age_band),
        period=_short(s.period),
        district=_short(s.district),
        strands=tuple(_short(x) for x in s.strands) or ("Not recorded",),
        route=_short(s.route),
        risk_at_referral=_risk(s.risk_at_referral, s.risk_at_closure),
        risk_at_closure=_risk(s.risk_at_closure, s.risk_at_referral),
        timeline_days=max(0, s.days_to_closure),
        actions=tuple(
            ScrutinyAction(
                agency_type=_short(a.agency_type), action=_long(a.text), outcome=_short(a.outcome)
            )
            for a in s.actions
        ),
        victims_code=tuple(
            ComplianceCheck(requirement=_short(c.requirement), met=c.met) for c in s.victims_code
        ),
        narrative=_long(narrative),
    )


def _table(t: StatTableOut) -> StatTable:
    return StatTable(
        title=_short(t.title),
        row_header=_short(t.row_header),
        columns=tuple(_short(c) for c in t.columns),
        rows=tuple(StatRow(label=_short(r.label), cells=tuple(r.cells)) for r in t.rows),
        note=_long(" ".join(t.notes)) if t.notes else None,
    )


def _chart(t: StatTableOut) -> BarChart | None:
    bars = tuple(
        Bar(label=_short(r.label), value=r.cells[0])
        for r in t.rows
        if not r.label.startswith(TOTAL)
    )
    return BarChart(title=_short(t.title), bars=bars) if bars else None


def pack_document(pack: ReleasedPackOut, *, panel_name: str) -> ScrutinyPackDocument:
    stats = pack.statistics
    charts = [c for t in stats.tables if t.key in CHARTED and (c := _chart(t)) is not None]
    return ScrutinyPackDocument(
        panel_name=_short(panel_name),
        period_start=pack.period_start,
        period_end=pack.period_end,
        released_at=pack.released_at,
        confidentiality_statement=HANDLING,
        summaries=tuple(_summary(s) for s in pack.summaries),
        tables=tuple(_table(t) for t in stats.tables),
        charts=tuple(charts),
    )
