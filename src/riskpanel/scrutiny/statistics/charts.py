"""Charts of the published figures, laid out once on the server for the web page and the PDF.

The geometry is the documents package's (labels wrapped in their own column, each value
written after its bar, no bar for a suppressed value), drawn as inline SVG with a title and a
description, with the data table beside it: no scripts and no inline styles (the CSP allows
neither), and no meaning carried by colour alone (every bar has its number as text).
"""

from __future__ import annotations

from riskpanel.documents import Bar, BarChart, PairedChart, PairedRow
from riskpanel.documents.charts import ChartLayout, layout_bar_chart
from riskpanel.scrutiny.statistics.schemas import StatisticsOut, StatTableOut
from riskpanel.scrutiny.statistics.tables import TOTAL

CHARTED = ("strands", "routes", "outcomes")
INDICATORS = "indicators"
SHORT = 200


def _short(text: str) -> str:
    text = " ".join(text.split()) or "-"
    return text if len(text) <= SHORT else text[: SHORT - 1] + "\u2026"


def bar_chart(t: StatTableOut) -> BarChart | None:
    """The first column of a table, one bar a row (totals left to the table)."""
    bars = tuple(
        Bar(label=_short(r.label), value=r.cells[0])
        for r in t.rows
        if r.cells and not r.label.startswith(TOTAL)
    )
    return BarChart(title=_short(t.title), bars=bars) if bars else None


def indicator_chart(stats: StatisticsOut) -> PairedChart | None:
    """Each indicator given as a share, this period against the one before (hearing time is
    in days, so it stays in the table)."""
    rows = tuple(
        PairedRow(label=_short(i.title), current=i.current.percent, previous=i.previous.percent)
        for i in stats.indicators
        if i.key != "referral_to_hearing"
    )
    return PairedChart(title="Indicators against the period before", rows=rows) if rows else None


def layouts(stats: StatisticsOut) -> dict[str, ChartLayout]:
    """Every chart of one set of figures by table key (and ``indicators``), for the web."""
    out = {t.key: layout_bar_chart(c) for t in stats.tables if (c := bar_chart(t)) is not None}
    paired = indicator_chart(stats)
    if paired is not None:
        out[INDICATORS] = layout_bar_chart(paired)
    return out
