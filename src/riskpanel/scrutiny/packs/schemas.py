"""Pack models. Two shapes of a pack: the coordinator's review view (progress, the
k-anonymity check, summaries with spans) and the released view for scrutiny members."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, model_validator

from riskpanel.kit.schemas import InputModel, OutputModel, examples
from riskpanel.scrutiny.feedback.assessments.schemas import ScrutinyAssessmentFigures
from riskpanel.scrutiny.statistics.schemas import StatisticsOut
from riskpanel.scrutiny.summaries.schemas import ReleasedSummaryOut, ReviewSummaryOut

Recipient = Annotated[str, Field(min_length=1, max_length=200)]


class PackCreate(InputModel):
    model_config = examples(
        {
            "period_start": "2026-04-01",
            "period_end": "2026-09-30",
            "sample_size": 12,
            "seed": 2026,
            "title": "Scrutiny pack, first half 2026/27",
        }
    )

    period_start: date
    period_end: date
    sample_size: int = Field(ge=1, le=200, description="How many closed cases to draw.")
    seed: int | None = Field(None, description="Makes the draw repeatable; random if left out.")
    k: int | None = Field(None, ge=3, le=50, description="k-anonymity; the panel's default (5).")
    extend_months: int = Field(
        12,
        ge=0,
        le=24,
        description=(
            "When the period has fewer closed cases than the sample asks for, summaries are "
            "drawn from up to this many months before it (a quarter at a time) rather than "
            "left too few to meet k; the pack says so. 0 keeps to the period."
        ),
    )
    title: str | None = Field(None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _period_in_order(self) -> PackCreate:
        if self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")
        if (self.period_end - self.period_start).days > 3 * 366:
            raise ValueError("a pack covers at most three years")
        return self


class ReleaseIn(InputModel):
    model_config = examples(
        {
            "recipients": [
                "Testshire Community Scrutiny Panel",
                "Office of the Police and Crime Commissioner",
            ]
        }
    )

    recipients: list[Recipient] = Field(min_length=1, max_length=50)


class Progress(OutputModel):
    total: int
    reviewed: int
    withheld: int
    to_review: int


class KAnonOut(OutputModel):
    k: int
    generalised: list[str]
    withheld_labels: list[str] = Field(description="Summaries k-anonymity would withhold.")
    notes: list[str]
    rules: list[str] = Field(
        default_factory=list, description="How the pack met k: the draw, then the coarsening."
    )


class PackItem(OutputModel):
    id: int
    title: str
    status: str
    period_start: date
    period_end: date
    summaries: int
    released_at: datetime | None


class PackPage(OutputModel):
    items: list[PackItem]
    next_cursor: str | None


class PackDetailOut(OutputModel):
    """The coordinator's view of a pack under review (or released)."""

    view: Literal["review"] = "review"
    id: int
    title: str
    status: str
    period_start: date
    period_end: date
    sample_size: int
    population: int
    k: int
    created_at: datetime
    released_at: datetime | None
    recipients: list[str]
    content_sha256: str | None
    content_intact: bool | None
    progress: Progress
    kanon: KAnonOut
    statistics: StatisticsOut | None
    summaries: list[ReviewSummaryOut]


class ReleasedPackOut(OutputModel):
    """A released pack as scrutiny members receive it."""

    view: Literal["released"] = "released"
    id: int
    title: str
    period_start: date
    period_end: date
    released_at: datetime
    k: int
    generalised: list[str]
    notes: list[str]
    rules: list[str] = Field(
        default_factory=list, description="How the pack met k: the draw, then the coarsening."
    )
    content_sha256: str | None = None
    summaries: list[ReleasedSummaryOut]
    statistics: StatisticsOut
    assessments: ScrutinyAssessmentFigures | None = Field(
        None,
        description="Members' assessments of the summaries, counted under the same 10-5 rule "
        "as the statistics. They grow after release, so the content digest leaves them out.",
    )
