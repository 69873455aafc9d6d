"""Risk assessments against a versioned checklist, with the answer and source of each item."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from riskpanel.models.base import UTCDateTime, utcnow


class RiskAssessment(SQLModel, table=True):
    __tablename__ = "risk_assessment"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="case_file.id", index=True)
    referral_id: int | None = Field(default=None, foreign_key="referral.id", index=True)
    checklist_name: str = Field(max_length=100)
    checklist_version: int
    score: int
    actuarial_level: str = Field(max_length=20)
    level: str = Field(max_length=20)
    judgement_reason: str | None = None
    # "decision": the panel's (sets the case's level); "agency_view": one agency's view, kept
    # as information for the panel (added in 0005; older rows are decisions).
    standing: str = Field(default="decision", max_length=20)
    agency_id: int | None = Field(default=None, foreign_key="agency.id")
    assessed_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    assessed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class RiskAnswer(SQLModel, table=True):
    __tablename__ = "risk_answer"

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="risk_assessment.id", index=True)
    question_id: str = Field(max_length=40)
    answer: str = Field(max_length=10)
    source: str = Field(max_length=40)
