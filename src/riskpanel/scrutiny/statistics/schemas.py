"""Figures models: tables after small-number suppression, and the rates read from them."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from riskpanel.kit.schemas import OutputModel


class StatRowOut(OutputModel):
    label: str
    cells: list[int | None]


class StatTableOut(OutputModel):
    key: str
    title: str
    row_header: str
    columns: list[str]
    rows: list[StatRowOut]
    notes: list[str]


class RateOut(OutputModel):
    key: str
    label: str
    percent: int | None


class FigureOut(OutputModel):
    numerator: int | None = Field(description="Rounded to the nearest 5; null when suppressed.")
    denominator: int | None
    percent: int | None = Field(description="From the rounded counts; null when suppressed.")
    median_days: int | None = None
    bound: str | None = Field(
        None, description="A hidden numerator's share as a bound ('at most 9%'), else null."
    )
    shown: str = Field(description="The figure as every view prints it.")
    suppressed: str | None = Field(description="What was hidden and why (null: nothing).")


class IndicatorOut(OutputModel):
    key: str
    title: str
    definition: str
    unit: str
    current: FigureOut
    previous: FigureOut


class CellShareOut(OutputModel):
    cells: int = Field(description="Statistic cells printed in the tables, totals included.")
    shown: int = Field(description="Of those, the cells with a count (not suppressed).")
    percent: int


class StatisticsOut(OutputModel):
    pack_id: int | None = None
    period_start: date
    period_end: date
    basis: str
    threshold: int
    rounding: int
    cases: int | None
    tables: list[StatTableOut]
    rates: list[RateOut]
    notes: list[str]
    previous_period_start: date | None = None
    previous_period_end: date | None = None
    indicators: list[IndicatorOut] = Field(default_factory=list)
    cell_share: CellShareOut | None = Field(
        None, description="How many statistic cells are shown (absent on older packs)."
    )
    indicators_with_value: int | None = Field(
        None, description="Indicators of this period with a value (a share, a bound or a median)."
    )


class StatisticsList(OutputModel):
    items: list[StatisticsOut]
