"""Bar chart geometry for the scrutiny pack, computed in Python and drawn as inline SVG.

The template only places rectangles and text it is given: no JavaScript, no external images
(the URL fetcher would refuse them anyway), and every label still passes through autoescape.
Suppressed values get no bar at all, only "[c]", so the length of a bar never hints at a
hidden count.
"""

from __future__ import annotations

from dataclasses import dataclass

from riskpanel.documents.scrutiny_views import BarChart, PairedChart

SUPPRESSED = "[c]"


LINE_HEIGHT = 11.0
CHARS_PER_POINT = 1 / 5.4  # DejaVu Sans at 9 pt: about 5.4 pt a character on average


@dataclass(frozen=True)
class BarShape:
    label_lines: tuple[str, ...]
    value_text: str
    y: float
    width: float
    text_y: float
    value_x: float
    series: int = 0  # 0: this period (or the only series), 1: the period before

    @property
    def label(self) -> str:
        return " ".join(self.label_lines)


@dataclass(frozen=True)
class ChartLayout:
    title: str
    unit: str
    width: float
    height: float
    label_width: float
    bar_height: float
    bars: tuple[BarShape, ...]
    legend: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        """Text alternative for the SVG (tagged PDF readers announce it)."""
        parts = ", ".join(
            f"{b.label}{f' ({self.legend[b.series]})' if self.legend else ''}: {b.value_text}"
            for b in self.bars
        )
        return f"{self.title} ({self.unit}). {parts}"


def wrap(text: str, width: float) -> tuple[str, ...]:
    """Break a label into lines that fit ``width`` points, so no label runs into its bar."""
    limit = max(8, int(width * CHARS_PER_POINT))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines) or ("",)


def _rows(
    groups: list[tuple[str, list[int | None]]],
    *,
    width: float,
    label_width: float,
    bar_height: float,
    value_room: float,
    value_suffix: str = "",
) -> tuple[list[BarShape], float]:
    shown = [v for _, values in groups for v in values if v is not None]
    scale = (width - label_width - value_room) / (max(shown, default=0) or 1)
    shapes, top = [], 0.0
    for label, values in groups:
        lines = wrap(label, label_width - 6)
        block = max(len(lines) * LINE_HEIGHT, len(values) * (bar_height + 3)) + 8
        bars_top = top + 4  # level with the first line of its label, which runs down from it
        for series, value in enumerate(values):
            y = bars_top + series * (bar_height + 3)
            length = 0.0 if value is None else value * scale
            shapes.append(
                BarShape(
                    label_lines=lines if series == 0 else (),
                    value_text=SUPPRESSED if value is None else f"{value:,}{value_suffix}",
                    y=round(y, 2),
                    width=round(length, 2),
                    text_y=round(y + bar_height * 0.8, 2),
                    value_x=round(label_width + length + 4, 2),
                    series=series,
                )
            )
        top += block
    return shapes, top


def layout_bar_chart(
    chart: BarChart | PairedChart,
    *,
    width: float = 480.0,
    label_width: float = 190.0,
    value_room: float = 44.0,
) -> ChartLayout:
    """Horizontal bars scaled to the largest published value: one a row for a
    :class:`BarChart`, two a row (this period above the period before, in per cent) for a
    :class:`PairedChart`. Each label is wrapped inside its column and each value written
    after its bar, so none overlap."""
    paired = isinstance(chart, PairedChart)
    groups = (
        [(r.label, [r.current, r.previous]) for r in chart.rows]
        if isinstance(chart, PairedChart)
        else [(b.label, [b.value]) for b in chart.bars]
    )
    bar_height = 10.0 if paired else 13.0
    shapes, height = _rows(
        groups,
        width=width,
        label_width=label_width,
        bar_height=bar_height,
        value_room=value_room,
        value_suffix="%" if paired else "",
    )
    return ChartLayout(
        title=chart.title,
        unit=chart.unit,
        width=width,
        height=height,
        label_width=label_width,
        bar_height=bar_height,
        bars=tuple(shapes),
        legend=chart.legend if isinstance(chart, PairedChart) else (),
    )
