"""Figures models: tables after small-number suppression, and the rates read from them."""

from __future__ import annotations

from datetime import date

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


class StatisticsList(OutputModel):
    items: list[StatisticsOut]
