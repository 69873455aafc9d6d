"""Bar chart geometry for the scrutiny pack, computed in Python and drawn as inline SVG.

The template only places rectangles and text it is given: no JavaScript, no external images
(the URL fetcher would refuse them anyway), and every label still passes through autoescape.
Suppressed values get no bar at all, only "[c]", so the length of a bar never hints at a
hidden count.
"""

from __future__ import annotations

from dataclasses import dataclass

from riskpanel.documents.scrutiny_views import BarChart

SUPPRESSED = "[c]"


@dataclass(frozen=True)
class BarShape:
    label: str
    value_text: str
    y: float
    width: float
    text_y: float
    value_x: float


@dataclass(frozen=True)
class ChartLayout:
    title: str
    unit: str
    width: float
    height: float
    label_width: float
    bar_height: float
    bars: tuple[BarShape, ...]

    @property
    def description(self) -> str:
        """Text alternative for the SVG (tagged PDF readers announce it)."""
        parts = ", ".join(f"{b.label}: {b.value_text}" for b in self.bars)
        return f"{self.title} ({self.unit}). {parts}"


def layout_bar_chart(
    chart: BarChart,
    *,
    width: float = 480.0,
    label_width: float = 170.0,
    row_height: float = 22.0,
    value_room: float = 44.0,
) -> ChartLayout:
    """Place one horizontal bar per value, scaled to the largest published value."""
    shown = [b.value for b in chart.bars if b.value is not None]
    largest = max(shown, default=0) or 1
    scale = (width - label_width - value_room) / largest
    bar_height = row_height * 0.62
    shapes: list[BarShape] = []
    for index, bar in enumerate(chart.bars):
        top = index * row_height + (row_height - bar_height) / 2
        length = 0.0 if bar.value is None else bar.value * scale
        shapes.append(
            BarShape(
                label=bar.label,
                value_text=SUPPRESSED if bar.value is None else f"{bar.value:,}",
                y=round(top, 2),
                width=round(length, 2),
                text_y=round(top + bar_height * 0.8, 2),
                value_x=round(label_width + length + 4, 2),
            )
        )
    return ChartLayout(
        title=chart.title,
        unit=chart.unit,
        width=width,
        height=row_height * len(chart.bars),
        label_width=label_width,
        bar_height=round(bar_height, 2),
        bars=tuple(shapes),
    )
