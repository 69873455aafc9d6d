"""API models for a meeting's agenda: the proposal, the coordinator's edit and the saved
agenda with each item's expected time. Cases appear by reference only."""

from __future__ import annotations

from datetime import datetime, time

from pydantic import BaseModel, Field, model_validator

from riskpanel.kit.schemas import InputModel, examples
from riskpanel.meetings.examples import AGENDA
from riskpanel.meetings.schemas import CASE_SECTIONS
from riskpanel.models.enums import AgendaSection


class ProposedItem(BaseModel):
    section: AgendaSection
    case_id: int | None = None
    case_reference: str | None = None
    title: str
    slot_minutes: int
    children_in_household: bool = False
    risk_level: str | None = None
    referred_at: datetime | None = None
    reason: str = Field(description="Why the item is proposed.")


class DeferredCase(BaseModel):
    case_id: int
    case_reference: str
    referred_at: datetime
    reason: str


class SectionCount(BaseModel):
    section: AgendaSection
    proposed: int = Field(description="Cases of the section in `items`.")
    total: int = Field(
        description="Cases the section would hold without the bound; the rest follow at "
        "later meetings (or are added by hand)."
    )


class AgendaProposal(BaseModel):
    meeting_id: int
    referral_cutoff_at: datetime
    limit: int = Field(
        description="The most cases proposed per section (and listed under `deferred`), the "
        "most pressing first."
    )
    items: list[ProposedItem]
    sections: list[SectionCount] = Field(
        description="For each section that proposes cases, in agenda order: how many are "
        "proposed and how many there are."
    )
    deferred: list[DeferredCase] = Field(
        description="Cases referred after the cut-off: they go to the next meeting."
    )
    deferred_total: int = Field(description="All cases referred after the cut-off.")
    expected_length_minutes: int
    planned_length_minutes: int
    overruns: bool


class AgendaItemIn(InputModel):
    section: AgendaSection
    case_id: int | None = None
    position: int = Field(ge=1, le=1000)
    slot_minutes: int = Field(15, ge=0, le=180)
    title: str | None = Field(None, min_length=1, max_length=300)

    @model_validator(mode="after")
    def _case_where_needed(self) -> AgendaItemIn:
        if self.section in CASE_SECTIONS and self.case_id is None:
            raise ValueError(f"a {self.section.value} item needs a case_id")
        if self.section not in CASE_SECTIONS and self.case_id is not None:
            raise ValueError(f"a {self.section.value} item takes no case_id")
        if self.section == AgendaSection.ANY_OTHER_BUSINESS and not self.title:
            raise ValueError("an any_other_business item needs a title")
        return self


class AgendaIn(InputModel):
    model_config = examples(
        {
            "items": [
                {"section": "new_case", "case_id": 7, "position": 1, "slot_minutes": 20},
                {
                    "section": "any_other_business",
                    "position": 2,
                    "slot_minutes": 10,
                    "title": "Training dates for 2027",
                },
            ]
        }
    )

    items: list[AgendaItemIn] = Field(max_length=200)


class AgendaItemOut(BaseModel):
    id: int
    section: str
    case_id: int | None
    case_reference: str | None
    position: int
    slot_minutes: int
    title: str
    starts_at: time = Field(description="Local clock time the item is expected to start.")


class AgendaOut(BaseModel):
    model_config = examples(AGENDA)

    meeting_id: int
    items: list[AgendaItemOut]
    expected_length_minutes: int
    planned_length_minutes: int
    overruns: bool
    listed_case_ids: list[int] = Field(
        default=[], description="Cases moved to `listed` by this save."
    )
    row_version: int
