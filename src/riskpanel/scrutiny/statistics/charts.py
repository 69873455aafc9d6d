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
OVER_TIME, OVER_TIME_SUFFIX = "strands", "_over_time"
INDICATORS = "indicators"
SHORT = 200


def _short(text: str) -> str:
    text = " ".join(text.split()) or "-"
    return text if len(text) <= SHORT else text[: SHORT - 1] + "\u2026"


def bar_chart(t: StatTableOut) -> BarChart | None:
    """The Total column of a table (else its only column), one bar a row (the Total row
    left to the table)."""
    index = t.columns.index(TOTAL) if TOTAL in t.columns else 0
    bars = tuple(
        Bar(label=_short(r.label), value=r.cells[index])
        for r in t.rows
        if r.cells and not r.label.startswith(TOTAL)
    )
    several = len([c for c in t.columns if c != TOTAL]) > 1
    title = f"{t.title}: over the whole period" if several else t.title
    return BarChart(title=_short(title), bars=bars) if bars else None


def over_time_chart(t: StatTableOut) -> BarChart | None:
    """Strands over time: one bar for each strand in each period, labelled with both, so no
    bar relies on colour or position to say which period it is."""
    periods = [c for c in t.columns if c != TOTAL]
    if len(periods) < 2:
        return None
    bars = tuple(
        Bar(label=_short(f"{r.label}: {period}"), value=r.cells[j])
        for r in t.rows
        if not r.label.startswith(TOTAL)
        for j, period in enumerate(periods)
    )
    return BarChart(title=_short(t.title.replace("Cases by strand and", "Strands by")), bars=bars)


def pack_charts(stats: StatisticsOut) -> list[tuple[str, BarChart]]:
    """Every bar chart of one set of figures, by the key the web page places it under."""
    out = []
    for t in stats.tables:
        if t.key in CHARTED and (chart := bar_chart(t)) is not None:
            out.append((t.key, chart))
        if t.key == OVER_TIME and (chart := over_time_chart(t)) is not None:
            out.append((f"{t.key}{OVER_TIME_SUFFIX}", chart))
    return out


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
    out = {key: layout_bar_chart(c) for key, c in pack_charts(stats)}
    paired = indicator_chart(stats)
    if paired is not None:
        out[INDICATORS] = layout_bar_chart(paired)
    return out
