"""Feedback models: a scrutiny member's rating and comment on a summary, and the panel's
answer. The member's name and the source case are for the panel's eyes only."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from riskpanel.kit.schemas import InputModel, OutputModel, examples

Rating = Literal["red", "amber", "green"]


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
