"""The released pack as the documents package's view model (rendered to PDF there).

Built from the released view only (the same values a scrutiny member gets as JSON), so the
PDF cannot carry anything the JSON does not: no spans, no source ids, no precise values.
"""

from __future__ import annotations

from riskpanel.documents import (
    ComplianceCheck,
    Fact,
    IndicatorRow,
    ScrutinyAction,
    ScrutinyPackDocument,
    StatRow,
    StatTable,
    TimelineEntry,
)
from riskpanel.documents import ScrutinySummary as SummaryView
from riskpanel.scrutiny import labels
from riskpanel.scrutiny.packs.schemas import ReleasedPackOut
from riskpanel.scrutiny.statistics.charts import indicator_chart, pack_charts
from riskpanel.scrutiny.statistics.schemas import IndicatorOut, StatisticsOut, StatTableOut
from riskpanel.scrutiny.summaries.schemas import ReleasedSummaryOut

HANDLING = (
    "Anonymised for community scrutiny. People are shown by labels local to this pack; ages, "
    "dates and places are generalised; small counts are suppressed. Do not try to identify "
    "anyone, do not combine this pack with other sources to do so, and do not copy or share "
    "it beyond the scrutiny panel without the coordinator's agreement."
)
MAX_TEXT = 20_000


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split()) or "-"
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _long(text: str) -> str:
    text = text.strip() or "-"
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "\u2026"


def _summary(s: ReleasedSummaryOut) -> SummaryView:
    """The summary's ``shown`` lines verbatim: the PDF prints what the web and JSON show."""
    return SummaryView(
        pseudonym=f"{s.label.removeprefix('Case ')} ({s.pseudonym})",
        facts=tuple(Fact(label=_short(f.label), value=_short(f.value)) for f in s.shown),
        generalised=tuple(_short(g) for g in s.generalised),
        timeline=tuple(TimelineEntry(day=max(0, e.day), event=_short(e.event)) for e in s.timeline),
        actions=tuple(
            ScrutinyAction(
                agency_type=_short(a.agency_type), action=_long(a.text), outcome=_short(a.outcome)
            )
            for a in s.actions
        ),
        victims_code=tuple(
            ComplianceCheck(requirement=_short(c.requirement), met=c.met) for c in s.victims_code
        ),
        narrative=_long(s.narrative),
    )


def _table(t: StatTableOut) -> StatTable:
    return StatTable(
        title=_short(t.title),
        row_header=_short(t.row_header),
        columns=tuple(_short(c) for c in t.columns),
        rows=tuple(StatRow(label=_short(r.label), cells=tuple(r.cells)) for r in t.rows),
        note=_long(" ".join(t.notes)) if t.notes else None,
    )


def _indicator(i: IndicatorOut) -> IndicatorRow:
    hidden = [
        f"{when}: {figure.suppressed}."
        for when, figure in (("This period", i.current), ("Period before", i.previous))
        if figure.suppressed
    ]
    return IndicatorRow(
        title=_short(i.title),
        definition=_long(i.definition),
        current=_short(i.current.shown),
        previous=_short(i.previous.shown),
        suppressed=tuple(_long(h) for h in hidden),
    )


def _periods(stats: StatisticsOut) -> str:
    if stats.previous_period_start is None or stats.previous_period_end is None:
        return ""
    return (
        f"This period: {stats.period_start:%-d %B %Y} to {stats.period_end:%-d %B %Y}; period "
        f"before: {stats.previous_period_start:%-d %B %Y} to {stats.previous_period_end:%-d %B %Y}."
    )


def about_figures(stats: StatisticsOut) -> str:
    """How much of the figures could be shown, as the web page and the JSON give it."""
    if stats.cell_share is None:
        return ""
    share = stats.cell_share
    return (
        f"{share.shown} of {share.cells} statistic cells ({share.percent}%) are shown; the "
        f"others are suppressed. {stats.indicators_with_value or 0} of {len(stats.indicators)} "
        "indicators have a value for this period."
    )


def pack_document(pack: ReleasedPackOut, *, panel_name: str) -> ScrutinyPackDocument:
    stats = pack.statistics
    charts = [c for _, c in pack_charts(stats)]
    return ScrutinyPackDocument(
        panel_name=_short(panel_name),
        period_start=pack.period_start,
        period_end=pack.period_end,
        released_at=pack.released_at,
        confidentiality_statement=HANDLING,
        summaries=tuple(_summary(s) for s in pack.summaries),
        summary_count=labels.count_text(len(pack.summaries)),
        kanon_rules=tuple(_long(r) for r in pack.rules),
        tables=tuple(_table(t) for t in stats.tables),
        indicators=tuple(_indicator(i) for i in stats.indicators),
        indicator_periods=_periods(stats),
        indicator_chart=indicator_chart(stats),
        charts=tuple(charts),
        about_figures=about_figures(stats),
        assessment_tables=tuple(_table(t) for t in pack.assessments.tables)
        if pack.assessments
        else (),
    )
