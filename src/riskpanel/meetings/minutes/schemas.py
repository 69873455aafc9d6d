"""API models for the minutes: what each agency shared, the decision, the actions agreed,
review outcomes and the versions. Output carries case references and ids only."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from riskpanel.kit.schemas import InputModel, OutputModel, examples
from riskpanel.meetings.examples import MINUTES
from riskpanel.models.enums import ReviewOutcome

InformationKind = Literal["fact", "opinion", "withheld"]
Decision = Literal[
    "actions_agreed", "close_no_action", "continue_actions", "move_to_monitoring", "adjourned"
]


class SharedInfoIn(InputModel):
    agency_id: int
    kind: InformationKind = Field(description="fact, opinion, or withheld (text = reason).")
    text: str = Field(min_length=1, max_length=20_000)


class ActionIn(InputModel):
    agency_id: int
    description: str = Field(min_length=1, max_length=5_000)
    due_on: date


class ActionReviewIn(InputModel):
    action_id: int
    outcome: ReviewOutcome
    note: str | None = Field(None, min_length=1, max_length=5_000)


class CaseMinutesIn(InputModel):
    model_config = examples(
        {
            "information": [
                {
                    "agency_id": 2,
                    "kind": "fact",
                    "text": "Tenancy warning served on the neighbour in November.",
                }
            ],
            "decision": "actions_agreed",
            "decision_notes": "Agreed a joint visit and a security survey.",
            "victim_views": "Wants to stay in her home; asks that police visit in plain clothes.",
            "victim_views_agency_id": 7,
            "safety_plan": "Door camera and letterbox guard; named contact at the housing office.",
            "actions": [
                {
                    "agency_id": 2,
                    "description": "Fit a door camera and a letterbox guard.",
                    "due_on": "2027-02-04",
                }
            ],
            "reviews": [],
        }
    )

    information: list[SharedInfoIn] = Field(default=[], max_length=200)
    decision: Decision
    decision_notes: str | None = Field(None, min_length=1, max_length=20_000)
    victim_views: str | None = Field(
        None,
        min_length=1,
        max_length=20_000,
        description="The victim's views and wishes, as reported to the panel by the agency in "
        "contact with them (usually the advocate); needs `victim_views_agency_id`.",
    )
    victim_views_agency_id: int | None = Field(
        None, description="The agency that reported the victim's views (in contact with them)."
    )
    safety_plan: str | None = Field(
        None,
        min_length=1,
        max_length=20_000,
        description="A summary of the safety plan agreed for the victim at this hearing.",
    )
    actions: list[ActionIn] = Field(default=[], max_length=100)
    reviews: list[ActionReviewIn] = Field(default=[], max_length=200)


class SharedInfoOut(OutputModel):
    agency_id: int
    kind: str
    text: str


class MinutesActionOut(OutputModel):
    id: int
    reference: str
    case_id: int
    meeting_id: int | None
    agency_id: int
    description: str
    due_on: date
    progress: str
    review_outcome: str | None
    reviewed_meeting_id: int | None


class CaseMinutesOut(BaseModel):
    case_id: int
    case_reference: str
    case_state: str
    decision: str | None
    decision_notes: str | None
    victim_views: str | None = Field(
        description="The victim's views and wishes as the reporting agency gave them."
    )
    victim_views_agency_id: int | None = Field(
        description="The agency that reported the victim's views."
    )
    safety_plan: str | None = Field(description="The safety plan agreed, in summary.")
    information: list[SharedInfoOut]
    actions: list[MinutesActionOut]
    reviewed: list[MinutesActionOut]


class MinutesVersion(OutputModel):
    version: int
    status: str
    approved_at: datetime | None
    correction_reason: str | None


class MinutesOut(BaseModel):
    model_config = examples(MINUTES)

    meeting_id: int
    minutes_id: int
    version: int
    status: str
    approved_by_user_id: int | None
    approved_at: datetime | None
    correction_reason: str | None
    cases: list[CaseMinutesOut]
    versions: list[MinutesVersion]
    row_version: int


class CorrectionIn(InputModel):
    model_config = examples({"reason": "The due date of action A-2026-0042 was minuted wrongly."})

    reason: str = Field(min_length=5, max_length=2_000)
