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
