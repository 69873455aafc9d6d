"""Accessible bar charts without scripts or inline styles (the CSP allows neither).

Each bar's width is a CSS class in 5% steps; every bar carries its number as text, and a
suppressed count says so in words (and is hatched), so no meaning rests on colour. The
same figures are always shown in a data table beside the chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from riskpanel.scrutiny.statistics.schemas import StatTableOut


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    width_class: str

    @property
    def text(self) -> str:
        return "suppressed (fewer than 10)" if self.value is None else str(self.value)


def bars(table: StatTableOut, column: int = 0) -> list[Bar]:
    values = [r.cells[column] if column < len(r.cells) else None for r in table.rows]
    top = max((v for v in values if v is not None), default=0)
    out = []
    for row, value in zip(table.rows, values, strict=True):
        width = 0 if value is None or top == 0 else max(5, round(value * 20 / top) * 5)
        out.append(Bar(row.label, value, f"rp-w-{width}"))
    return out
