"""View model for the community scrutiny pack.

Everything here is already anonymised by the privacy layer (pseudonyms local to the pack, age
bands, months, districts, redacted narrative, counts after the 10-5 rule). The documents package
only lays it out; it never sees a raw case, so it cannot leak one.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field, model_validator

from riskpanel.documents.views import RiskLevel, ShortText, Text, View

DEFAULT_STRAND_NOTE = (
    "One case can carry several strands, so the counts by strand add up to more than the "
    "number of cases."
)
DEFAULT_SUPPRESSION_NOTE = (
    "[c] = suppressed to protect the people involved: counts below 10 are not shown, other "
    "counts are rounded to the nearest 5, and a second cell is hidden where a total would "
    "reveal the first."
)


class ScrutinyAction(View):
    agency_type: ShortText
    action: Text
    outcome: ShortText


class ComplianceCheck(View):
    """One Victims' Code requirement; ``met`` is None when it did not apply or is unknown."""

    requirement: ShortText
    met: bool | None


class ScrutinySummary(View):
    """An anonymised closed case."""

    pseudonym: ShortText
    age_band: ShortText
    period: ShortText = Field(description="Generalised period, e.g. 'March 2025' or 'Q1 2025'.")
    district: ShortText
    strands: tuple[ShortText, ...] = Field(min_length=1)
    route: ShortText
    risk_at_referral: RiskLevel
    risk_at_closure: RiskLevel
    timeline_days: int = Field(ge=0)
    actions: tuple[ScrutinyAction, ...] = ()
    victims_code: tuple[ComplianceCheck, ...] = ()
    narrative: Text


class StatRow(View):
    """A row of counts; ``None`` is a suppressed cell, printed as "[c]"."""

    label: ShortText
    cells: tuple[int | None, ...]


class StatTable(View):
    title: ShortText
    row_header: ShortText
    columns: tuple[ShortText, ...] = Field(min_length=1)
    rows: tuple[StatRow, ...] = ()
    note: Text | None = None

    @model_validator(mode="after")
    def _rows_fit_columns(self) -> StatTable:
        for row in self.rows:
            if len(row.cells) != len(self.columns):
                raise ValueError(
                    f"row {row.label!r} has {len(row.cells)} cells, not {len(self.columns)}"
                )
        return self


class Bar(View):
    label: ShortText
    value: int | None = Field(None, ge=0, description="None when suppressed.")


class BarChart(View):
    title: ShortText
    unit: ShortText = "cases"
    bars: tuple[Bar, ...] = Field(min_length=1)


class ScrutinyPackDocument(View):
    """An anonymised pack released to a community scrutiny panel."""

    panel_name: ShortText
    period_start: date
    period_end: date
    released_at: datetime
    confidentiality_statement: Text
    summaries: tuple[ScrutinySummary, ...] = ()
    tables: tuple[StatTable, ...] = ()
    charts: tuple[BarChart, ...] = ()
    strand_note: Text = DEFAULT_STRAND_NOTE
    suppression_note: Text = DEFAULT_SUPPRESSION_NOTE

    @model_validator(mode="after")
    def _period_in_order(self) -> ScrutinyPackDocument:
        if self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")
        return self

    @property
    def has_suppressed_cells(self) -> bool:
        in_tables = any(c is None for t in self.tables for r in t.rows for c in r.cells)
        return in_tables or any(b.value is None for c in self.charts for b in c.bars)
