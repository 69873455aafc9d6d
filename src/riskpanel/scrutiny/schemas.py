"""API models for scrutiny. Two shapes of a pack: the coordinator's review view (spans,
source case ids, precise values) and the released view for scrutiny members (none of those)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, get_args

from pydantic import Field, model_validator

from riskpanel.kit.schemas import InputModel, OutputModel, examples
from riskpanel.scrutiny.spans import MANUAL_LABELS

ManualKind = Literal[
    "person",
    "address",
    "postcode",
    "phone",
    "email",
    "date_of_birth",
    "crime_ref",
    "reference",
    "handle",
    "vehicle",
    "school",
    "workplace",
    "place",
    "other",
]
assert set(get_args(ManualKind)) == set(MANUAL_LABELS)
Rating = Literal["red", "amber", "green"]
Recipient = Annotated[str, Field(min_length=1, max_length=200)]
FIELD_PATTERN = r"^(narrative|action:[0-9]{1,3})$"


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
    title: str | None = Field(None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _period_in_order(self) -> PackCreate:
        if self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")
        if (self.period_end - self.period_start).days > 3 * 366:
            raise ValueError("a pack covers at most three years")
        return self


class RedactionIn(InputModel):
    """Remove more text: a range of the redacted field (needs If-Match), or every
    occurrence of a phrase in the summary's narrative and actions."""

    model_config = examples(
        {"phrase": "Mill Lane", "kind": "place"},
        {"field": "narrative", "start": 120, "end": 134, "kind": "person"},
    )

    field: str = Field("narrative", pattern=FIELD_PATTERN)
    start: int | None = Field(None, ge=0)
    end: int | None = Field(None, ge=1)
    phrase: str | None = Field(None, min_length=2, max_length=300)
    kind: ManualKind = "other"

    @model_validator(mode="after")
    def _range_or_phrase(self) -> RedactionIn:
        has_range = self.start is not None or self.end is not None
        if has_range == (self.phrase is not None):
            raise ValueError("give either start and end, or a phrase")
        if has_range and (self.start is None or self.end is None or self.end <= self.start):
            raise ValueError("start and end must both be given, with end after start")
        return self


class SummaryReviewIn(InputModel):
    model_config = examples({"reviewed": True})

    reviewed: bool = True


class WithholdIn(InputModel):
    model_config = examples(
        {"withheld": True, "reason": "Too few cases in the ward: the family could be recognised."}
    )

    withheld: bool = True
    reason: str | None = Field(None, min_length=3, max_length=500)

    @model_validator(mode="after")
    def _reason_when_withheld(self) -> WithholdIn:
        if self.withheld and not self.reason:
            raise ValueError("a reason is needed to withhold a summary")
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


class FeedbackIn(InputModel):
    model_config = examples(
        {"rating": "amber", "comment": "Good joint working; the first visit took three weeks."}
    )

    rating: Rating
    comment: str = Field("", max_length=5000)


class FeedbackResponseIn(InputModel):
    model_config = examples(
        {"response": "Agreed: first visits now happen within five working days."}
    )

    response: str = Field(min_length=1, max_length=5000)


class SpanOut(OutputModel):
    field: str
    start: int
    end: int
    kind: str
    label: str
    origin: Literal["auto", "manual"]
    removed: str | None = Field(None, description="What was taken out (single-summary view).")


class SummaryActionOut(OutputModel):
    agency_type: str
    outcome: str
    text: str


class TimelineEvent(OutputModel):
    day: int = Field(description="Days since the referral.")
    event: str


class CheckOut(OutputModel):
    requirement: str
    met: bool | None


class CaseFields(OutputModel):
    route: str
    risk_at_referral: Literal["standard", "medium", "high"] | None
    risk_at_closure: Literal["standard", "medium", "high"] | None
    days_to_closure: int
    timeline: list[TimelineEvent]
    repeat: bool
    outcome: str
    actions: list[SummaryActionOut]
    victims_code: list[CheckOut]
    narrative: str


class ReleasedSummaryOut(CaseFields):
    """What a scrutiny member sees: no source ids, no spans, generalised characteristics."""

    id: int
    label: str
    pseudonym: str
    age_band: str
    sex: str
    district: str
    period: str
    strands: list[str]


class QuasiOut(OutputModel):
    age_band: str | None
    sex: str | None
    district: str | None
    area: str | None
    month: date
    strands: list[str]


class ReleasedQuasi(OutputModel):
    age_band: str
    sex: str
    district: str
    period: str
    strands: list[str]


class ReviewSummaryOut(CaseFields):
    id: int
    label: str
    pseudonym: str
    etag: str
    source_case_id: int | None
    reviewed: bool
    withheld: bool
    withheld_reason: str | None
    quasi: QuasiOut
    released: ReleasedQuasi | None
    spans: list[SpanOut]
    source_changed: bool | None = Field(
        None, description="Single-summary view: the case text changed since the pack was drawn."
    )


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
    content_sha256: str | None = None
    summaries: list[ReleasedSummaryOut]
    statistics: StatisticsOut


class FeedbackOut(OutputModel):
    id: int
    pack_id: int
    summary_id: int
    summary_label: str
    rating: Rating
    comment: str
    created_at: datetime
    member: str | None = Field(None, description="Shown to the panel only.")
    source_case_id: int | None = Field(None, description="Shown to the panel only.")
    response: str | None
    responded_at: datetime | None
    answered: bool


class FeedbackList(OutputModel):
    items: list[FeedbackOut]


class FeedbackReport(OutputModel):
    pack_id: int
    total: int
    by_rating: dict[str, int]
    answered: int
    unanswered: int
    median_hours_to_answer: float | None
    mean_hours_to_answer: float | None
    longest_hours_to_answer: float | None
    oldest_unanswered_hours: float | None
