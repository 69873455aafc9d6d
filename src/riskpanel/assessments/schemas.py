"""API models for risk assessments."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from riskpanel.kit.schemas import InputModel, examples
from riskpanel.models.enums import Answer, RiskLevel

ASSESSMENT = {
    "id": 17,
    "case_id": 7,
    "referral_id": 19,
    "checklist_name": "riskpanel-hate-crime",
    "checklist_version": "2026.1",
    "score": 15,
    "max_score": 32,
    "actuarial_level": "high",
    "level": "high",
    "judgement_reason": "Threats to burn the house down.",
    "standing": "decision",
    "significant_concerns": ["threatened_with_harm"],
    "unanswered": ["getting_worse"],
    "reasons": ["score 15 of 32 is in the high band"],
    "assessed_at": "2026-12-01T11:30:00Z",
    "answers": [{"question_id": "targeted_before", "answer": "yes", "source": "victim"}],
}


class AnswerIn(InputModel):
    question_id: str = Field(min_length=1, max_length=40)
    answer: Answer = Field(description="yes, no or unknown")
    source: str = Field(
        min_length=1, max_length=40, description="Who gave the answer (the checklist's sources)"
    )


class AssessmentIn(InputModel):
    model_config = examples(
        {
            "answers": [
                {"question_id": "targeted_before", "answer": "yes", "source": "victim"},
                {"question_id": "getting_worse", "answer": "unknown", "source": "police"},
            ],
            "judgement_level": "high",
            "judgement_reason": "Threats to burn the house down.",
        }
    )

    answers: list[AnswerIn] = Field(
        default_factory=list,
        max_length=200,
        description="Questions left out count as unknown and are listed as unanswered.",
    )
    judgement_level: RiskLevel | None = Field(
        None, description="Professional judgement: may raise the level, never lower it"
    )
    judgement_reason: str | None = Field(
        None, max_length=4000, description="Required with a judgement level"
    )


class AnswerOut(BaseModel):
    question_id: str
    answer: str
    source: str


class AssessmentOut(BaseModel):
    model_config = examples(ASSESSMENT)

    id: int
    case_id: int | None
    referral_id: int | None
    checklist_name: str
    checklist_version: str
    score: int
    max_score: int | None = None
    actuarial_level: str
    level: str
    judgement_reason: str | None
    standing: str = Field(
        "decision",
        description="decision: the panel's, sets the case's level; agency_view: an agency's "
        "view, information for the panel that never changes the case",
    )
    agency_id: int | None = Field(None, description="The agency that assessed, if any")
    view_of: str | None = Field(None, description="\"<agency>'s view\" for an agency's view")
    significant_concerns: list[str] = []
    unanswered: list[str] = []
    reasons: list[str] = []
    assessed_at: datetime
    answers: list[AnswerOut] = []


class AssessmentHistory(BaseModel):
    model_config = examples(
        {"case_id": 7, "current_level": "high", "current_score": 15, "items": [ASSESSMENT]}
    )

    case_id: int
    current_level: str | None
    current_score: int | None
    items: list[AssessmentOut] = Field(description="Oldest first: the level over time")


class AgencyViewRecorded(BaseModel):
    """What an agency gets back: that its view was recorded, nothing of the case's risk."""

    model_config = examples(
        {
            "id": 18,
            "case_id": 7,
            "standing": "agency_view",
            "recorded_at": "2026-12-02T09:00:00Z",
            "message": "Your agency's view was recorded for the panel.",
        }
    )

    id: int = Field(description="The assessment's id")
    case_id: int
    standing: str = Field("agency_view", description="Always agency_view")
    recorded_at: datetime
    message: str


class CaseRiskOut(BaseModel):
    model_config = examples(
        {
            "assessment": ASSESSMENT,
            "case_risk_level": "high",
            "case_risk_score": 15,
            "routes": [{"kind": "high_risk", "evidence": "Checklist score 15"}],
            "case_etag": '"case-7-v5"',
        }
    )

    assessment: AssessmentOut
    case_risk_level: str | None
    case_risk_score: int | None
    routes: list[dict[str, object]] = Field(
        default_factory=list, description="The case's routes into the panel, with evidence"
    )
    case_etag: str


class QuestionOut(BaseModel):
    id: str = Field(description="Send as `question_id` in an assessment's answers.")
    theme: str
    text: str
    weight: int = Field(description="Added to the score by a `yes` answer.")
    significant_concern: bool = Field(
        description="A `yes` counts towards the lifts, whatever the total score."
    )


class LevelBandOut(BaseModel):
    level: str
    from_score: int = Field(description="The level runs from this score to the next band's.")


class LiftOut(BaseModel):
    significant_concerns: int
    to: str = Field(description="At least this level once that many significant concerns.")


class ChecklistOut(BaseModel):
    name: str
    version: str = Field(description="Recorded on every assessment scored with it.")
    title: str
    answers: list[Literal["yes", "no", "unknown"]] = Field(
        description="The answers an assessment may give; questions left out count as unknown."
    )
    sources: list[str] = Field(description="Who may have given an answer (`source`).")
    levels: list[LevelBandOut]
    lifts: list[LiftOut]
    max_score: int
    questions: list[QuestionOut]
