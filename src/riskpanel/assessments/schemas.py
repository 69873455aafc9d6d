"""API models for risk assessments."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from riskpanel.models.enums import Answer, RiskLevel
from riskpanel.referrals.params import SafeInput


class AnswerIn(SafeInput):
    question_id: str = Field(min_length=1, max_length=40)
    answer: Answer = Field(description="yes, no or unknown")
    source: str = Field(
        min_length=1, max_length=40, description="Who gave the answer (the checklist's sources)"
    )


class AssessmentIn(SafeInput):
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
    significant_concerns: list[str] = []
    unanswered: list[str] = []
    reasons: list[str] = []
    assessed_at: datetime
    answers: list[AnswerOut] = []


class AssessmentHistory(BaseModel):
    case_id: int
    current_level: str | None
    current_score: int | None
    items: list[AssessmentOut] = Field(description="Oldest first: the level over time")


class CaseRiskOut(BaseModel):
    assessment: AssessmentOut
    case_risk_level: str | None
    case_risk_score: int | None
    routes: list[dict[str, object]] = Field(
        default_factory=list, description="The case's routes into the panel, with evidence"
    )
    case_etag: str
