"""Summary models: the coordinator's review view of one summary (spans, source case id,
precise characteristics), the released view scrutiny members get (none of those), and the
inputs that change a summary under review."""

from __future__ import annotations

from datetime import date
from typing import Literal, get_args

from pydantic import Field, model_validator

from riskpanel.kit.schemas import InputModel, OutputModel, examples
from riskpanel.scrutiny.summaries.spans import MANUAL_LABELS

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
FIELD_PATTERN = r"^(narrative|action:[0-9]{1,3})$"


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


class ShownFact(OutputModel):
    """One line of a summary exactly as every view prints it (web, JSON, PDF)."""

    label: str
    value: str


class CaseFields(OutputModel):
    route: str
    incident_types: list[str] = Field(description="Crime, non-crime hate incident, or both.")
    perceived_by: list[str] = Field(description="Whose perception of hostility was recorded.")
    online: bool | None = Field(description="An incident happened online (None: not recorded).")
    agencies: list[str] = Field(description="The kinds of agency involved.")
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
    """What a scrutiny member sees: no source ids, no spans, generalised characteristics.

    ``shown`` is the one projection every view prints line by line, so the web page, this
    JSON and the PDF cannot disagree."""

    id: int
    label: str
    pseudonym: str
    age_band: str
    sex: str = Field(description="Sex or gender as the victim gave it, generalised.")
    district: str
    period: str
    strands: list[str]
    generalised: list[str] = Field(description="Exactly what was generalised, and how.")
    shown: list[ShownFact]


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
    generalised: list[str] = Field(description="What was (or will be) generalised.")
    shown: list[ShownFact] = Field(
        description="The summary as members see it (for a draft: as it would be released)."
    )
    source_changed: bool | None = Field(
        None, description="Single-summary view: the case text changed since the pack was drawn."
    )
