"""API models for actions.

Agency progress (``progress``) and the panel's review outcome (``review_outcome``) are
separate fields: the agency says what it did; the panel, at review, says how the action
ended. Agencies see their own actions through ``ActionOut``; panel roles get the owning
agency's name as well.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from riskpanel.kit.schemas import InputModel, OutputModel, examples

ProgressIn = Literal["acknowledged", "in_progress", "completed", "not_possible"]
Progress = Literal["open", "acknowledged", "in_progress", "completed", "not_possible"]
StatusFilter = Literal["open", "closed"]
Event = Literal["acknowledged", "in_progress", "completed", "not_possible", "reopened", "reviewed"]
Text = Field(None, min_length=1, max_length=4000)
ACTION = {
    "id": 42,
    "reference": "A-2026-0042",
    "case_id": 7,
    "case_reference": "HC-2026-0007",
    "meeting_id": 3,
    "agency_id": 2,
    "description": "Visit the victim and review door security.",
    "due_on": "2026-12-21",
    "progress": "completed",
    "outcome": "Door camera and letterbox guard fitted on 9 December.",
    "overdue": False,
    "review_outcome": "completed",
    "reviewed_at": "2027-01-14T11:05:00Z",
    "created_at": "2026-11-30T14:05:00Z",
    "updated_at": "2026-12-09T15:12:00Z",
    "etag": '"action-42-v3"',
}
PANEL_ACTION = {**ACTION, "agency_name": "Testshire Housing", "reviewed_meeting_id": 4}
EVENT = {
    "id": 91,
    "event": "completed",
    "by": "agency",
    "outcome": "Door camera and letterbox guard fitted on 9 December.",
    "note": "Mrs Okafor is pleased with the camera.",
    "at": "2026-12-09T15:12:00Z",
}


class ActionUpdateIn(InputModel):
    """Progress from the owning agency. ``completed`` needs an ``outcome``; ``not_possible``
    needs a ``reason``; ``note`` is optional context for the panel."""

    model_config = examples(
        {"progress": "completed", "outcome": "Panic alarm fitted on 3 December."},
        {"progress": "in_progress", "note": "Visit booked with Mrs Okafor for Thursday."},
        {"progress": "not_possible", "reason": "The family moved out of the borough."},
    )

    progress: ProgressIn
    outcome: str | None = Text
    reason: str | None = Text
    note: str | None = Text

    @model_validator(mode="after")
    def _required_text(self) -> ActionUpdateIn:
        if self.progress == "completed" and not self.outcome:
            raise ValueError("outcome is required when progress is completed")
        if self.progress == "not_possible" and not self.reason:
            raise ValueError("reason is required when progress is not_possible")
        if self.outcome and self.progress != "completed":
            raise ValueError("outcome is only given when progress is completed")
        if self.reason and self.progress != "not_possible":
            raise ValueError("reason is only given when progress is not_possible")
        return self


class ReopenIn(InputModel):
    model_config = examples({"reason": "The alarm was fitted at the wrong address."})

    reason: str = Field(min_length=3, max_length=2000, description="Told to the agency.")


class ActionEvent(OutputModel):
    """One entry in an action's history: agency progress, a reopening, or the review."""

    id: int
    event: Event
    by: Literal["agency", "panel"]
    outcome: str | None = None
    reason: str | None = None
    note: str | None = None
    at: datetime


class ActionOut(OutputModel):
    id: int
    reference: str
    case_id: int
    case_reference: str
    meeting_id: int | None
    agency_id: int
    description: str
    due_on: date
    progress: Progress
    outcome: str | None = Field(
        None,
        description="What the agency reported when it finished: the outcome, or why "
        "the action was not possible.",
    )
    overdue: bool = Field(description="Past its due date and not finished.")
    review_outcome: str | None = Field(
        None,
        description="The panel's review: completed, not_possible_circumstances_changed "
        "or not_done_by_agency.",
    )
    reviewed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    etag: str = Field(description="Send as If-Match to post an update.")


class PanelActionOut(ActionOut):
    agency_name: str
    reviewed_meeting_id: int | None


class ActionDetail(ActionOut):
    model_config = examples({**ACTION, "history": [EVENT]})

    history: list[ActionEvent]


class PanelActionDetail(PanelActionOut):
    model_config = examples({**PANEL_ACTION, "history": [EVENT]})

    history: list[ActionEvent]


class ActionPage(BaseModel):
    model_config = examples({"items": [ACTION], "next_cursor": "eyJpZCI6IDQyfQ"})

    items: list[PanelActionOut | ActionOut]
    next_cursor: str | None = None


class ActionFilters(BaseModel):
    """Query filters for the list, gathered so the service signature stays short."""

    status: StatusFilter | None = None
    progress: list[Progress] = Field(default_factory=list)
    due_before: date | None = None
    case_id: int | None = None
    overdue: bool | None = None
    agency_id: int | None = None
