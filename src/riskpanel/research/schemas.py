"""API models for research returns.

What an agency shares must separate fact from opinion, and anything it holds back is
recorded with the reason (docs/DOMAIN.md section 5), so a withheld entry describes the kind of
information (never the information itself) and must say why.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from riskpanel.kit.schemas import InputModel, OutputModel, examples

RESEARCH = {
    "id": 8,
    "case_id": 7,
    "agency_id": 2,
    "agency_name": "Testshire Housing",
    "meeting_id": 3,
    "items": [
        {"id": 21, "kind": "fact", "text": "Two calls about neighbour noise logged in 2025."},
        {
            "id": 22,
            "kind": "opinion",
            "text": "The tenancy officer thinks the abuse is escalating.",
        },
    ],
    "withheld": [
        {"description": "A sensitive tenancy record", "reason": "Subject to a court order."}
    ],
    "submitted_at": "2027-01-10T14:00:00Z",
}


class ResearchItemIn(InputModel):
    kind: Literal["fact", "opinion"] = Field(description="Fact (from records) or opinion.")
    text: str = Field(min_length=1, max_length=8000)


class WithheldIn(InputModel):
    description: str = Field(
        min_length=3,
        max_length=500,
        description="What kind of information is held back, not the information itself.",
    )
    reason: str = Field(min_length=3, max_length=1000, description="Why it is withheld.")


class ResearchReturnIn(InputModel):
    model_config = examples(
        {
            "meeting_id": 3,
            "items": [
                {"kind": "fact", "text": "Two calls about neighbour noise logged in 2025."},
                {"kind": "opinion", "text": "The tenancy officer thinks the abuse is escalating."},
            ],
            "withheld": [
                {
                    "description": "A sensitive tenancy record",
                    "reason": "Subject to an open court order.",
                }
            ],
        }
    )

    meeting_id: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The meeting the research is for."
    )
    items: list[ResearchItemIn] = Field(default_factory=list, max_length=200)
    withheld: list[WithheldIn] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _not_empty(self) -> ResearchReturnIn:
        if not self.items and not self.withheld:
            raise ValueError(
                "give at least one item or withheld entry (record 'no information held' as a fact)"
            )
        return self


class ResearchItemOut(OutputModel):
    id: int
    kind: str
    text: str


class WithheldOut(BaseModel):
    description: str
    reason: str


class ResearchReturnOut(OutputModel):
    model_config = examples(RESEARCH)

    id: int
    case_id: int
    agency_id: int
    agency_name: str
    meeting_id: int | None
    items: list[ResearchItemOut]
    withheld: list[WithheldOut]
    submitted_at: datetime


class ResearchList(BaseModel):
    model_config = examples({"items": [RESEARCH]})

    items: list[ResearchReturnOut]


class ResearchRequestIn(InputModel):
    """Name the agencies, or ask every current member with its sharing agreement in force."""

    model_config = examples(
        {"agency_ids": [3, 5], "due_on": "2026-12-14"},
        {"all_members": True, "due_on": "2026-12-14"},
    )
    agency_ids: list[int] | None = Field(
        None,
        min_length=1,
        max_length=100,
        description="Current member agencies of the case's panel to ask.",
    )
    all_members: bool = Field(
        False, description="Ask every current member agency with its sharing agreement in force."
    )
    due_on: date = Field(
        description="The day the research is due (Europe/London): today at the earliest, the "
        "meeting's day at the latest. It falls due at the meeting's time of day."
    )

    @model_validator(mode="after")
    def _one_way(self) -> ResearchRequestIn:
        if (self.agency_ids is None) == (not self.all_members):
            raise ValueError("give agency_ids or all_members: true (one of the two)")
        if self.agency_ids and any(not 1 <= a <= 2**31 - 1 for a in self.agency_ids):
            raise ValueError("agency_ids must be agency ids")
        return self


class ResearchRequestOut(OutputModel):
    id: int
    case_id: int
    case_reference: str
    meeting_id: int
    meeting_at: datetime
    agency_id: int
    agency_name: str
    due_at: datetime
    due_on: date
    requested_at: datetime
    returned: bool = Field(description="The agency has returned research since it was asked.")


class ResearchRequestList(BaseModel):
    items: list[ResearchRequestOut]


class ResearchDueOut(BaseModel):
    """Research the caller's agency owes: asked by the coordinator, or by the listing."""

    case_id: int
    case_reference: str
    meeting_id: int
    meeting_at: datetime
    due_at: datetime
    due_on: date
    asked_by: Literal["coordinator", "listing"]
    request_id: int | None = Field(None, description="The coordinator's request, if any.")
    return_path: str = Field(description="POST your research here.")


class ResearchDueList(BaseModel):
    items: list[ResearchDueOut]
