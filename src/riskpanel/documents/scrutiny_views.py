"""View model for the community scrutiny pack.

Everything here is already anonymised by the privacy layer (pseudonyms local to the pack, age
bands, months, districts, redacted narrative, counts after the 10-5 rule). The documents package
only lays it out; it never sees a raw case, so it cannot leak one.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field, model_validator

from riskpanel.documents.views import ShortText, Text, View

DEFAULT_STRAND_NOTE = (
    "One case can carry several strands, so the counts by strand add up to more than the "
    "number of cases."
)
DEFAULT_SUPPRESSION_NOTE = (
    "[c] = suppressed to protect the people involved: counts below 10 are not shown, other "
    "counts are rounded to the nearest 5, and further cells are hidden where a total, in the "
    "same table or another, would reveal one."
)


class ScrutinyAction(View):
    agency_type: ShortText
    action: Text
    outcome: ShortText


class ComplianceCheck(View):
    """One Victims' Code requirement; ``met`` is None when it did not apply or is unknown."""

    requirement: ShortText
    met: bool | None


class Fact(View):
    label: ShortText
    value: ShortText


class TimelineEntry(View):
    day: int = Field(ge=0, description="Days since the referral.")
    event: ShortText


class ScrutinySummary(View):
    """An anonymised closed case. ``facts`` are printed exactly as given: the scrutiny
    domain builds them once for the web page, the JSON and this document alike."""

    pseudonym: ShortText
    facts: tuple[Fact, ...] = Field(min_length=1)
    generalised: tuple[ShortText, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    actions: tuple[ScrutinyAction, ...] = ()
    victims_code: tuple[ComplianceCheck, ...] = ()
    narrative: Text

    @property
    def fact_pairs(self) -> list[tuple[str, str]]:
        return [(f.label, f.value) for f in self.facts]


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


class IndicatorRow(View):
    """One of the inspection's findings as figures, printed as the scrutiny domain gives it."""

    title: ShortText
    definition: Text
    current: ShortText
    previous: ShortText
    suppressed: tuple[Text, ...] = ()


class Bar(View):
    label: ShortText
    value: int | None = Field(None, ge=0, description="None when suppressed.")


class BarChart(View):
    title: ShortText
    unit: ShortText = "cases"
    bars: tuple[Bar, ...] = Field(min_length=1)


class PairedRow(View):
    label: ShortText
    current: int | None = Field(None, ge=0, description="None when suppressed.")
    previous: int | None = Field(None, ge=0, description="None when suppressed.")


class PairedChart(View):
    """Each row's figure this period against the period before (two bars a row)."""

    title: ShortText
    unit: ShortText = "per cent"
    legend: tuple[ShortText, ShortText] = ("this period", "the period before")
    rows: tuple[PairedRow, ...] = Field(min_length=1)


class ScrutinyPackDocument(View):
    """An anonymised pack released to a community scrutiny panel."""

    panel_name: ShortText
    period_start: date
    period_end: date
    released_at: datetime
    confidentiality_statement: Text
    summaries: tuple[ScrutinySummary, ...] = ()
    kanon_rules: tuple[Text, ...] = Field(
        (), description="How the pack met k-anonymity: the draw, the coarsening, withholding."
    )
    summary_count: ShortText = Field(
        "not stated", description="How many summaries, as printed (small counts suppressed)."
    )
    tables: tuple[StatTable, ...] = ()
    indicators: tuple[IndicatorRow, ...] = ()
    indicator_periods: ShortText = ""
    indicator_chart: PairedChart | None = None
    charts: tuple[BarChart, ...] = ()
    assessment_tables: tuple[StatTable, ...] = Field(
        (), description="Members' assessments of the summaries, counted (10-5 rule applied)."
    )
    about_figures: Text = Field(
        "", description="How many statistic cells are shown and indicators have a value."
    )
    strand_note: Text = DEFAULT_STRAND_NOTE
    suppression_note: Text = DEFAULT_SUPPRESSION_NOTE

    @model_validator(mode="after")
    def _period_in_order(self) -> ScrutinyPackDocument:
        if self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")
        return self

    @property
    def has_suppressed_cells(self) -> bool:
        tables = (*self.tables, *self.assessment_tables)
        in_tables = any(c is None for t in tables for r in t.rows for c in r.cells)
        return in_tables or any(b.value is None for c in self.charts for b in c.bars)
