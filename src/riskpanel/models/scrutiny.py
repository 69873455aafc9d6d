"""Community scrutiny packs: anonymised summaries, released once and then immutable."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from riskpanel.models.base import UTCDateTime, utcnow


class ScrutinyPack(SQLModel, table=True):
    __tablename__ = "scrutiny_pack"

    id: int | None = Field(default=None, primary_key=True)
    panel_id: int = Field(foreign_key="panel.id", index=True)
    title: str = Field(max_length=200)
    period_start: date
    period_end: date
    sample_size: int
    k: int = 5
    status: str = Field(default="draft", max_length=20)
    statistics: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    kanon_report: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    recipients: list[str] = Field(default_factory=list, sa_type=JSON)
    content_sha256: str | None = Field(default=None, max_length=64)
    created_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    released_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    released_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ScrutinySummary(SQLModel, table=True):
    """Built from structured fields and the redacted narrative, never from the raw case."""

    __tablename__ = "scrutiny_summary"

    id: int | None = Field(default=None, primary_key=True)
    pack_id: int = Field(foreign_key="scrutiny_pack.id", index=True)
    source_case_id: int | None = Field(default=None, foreign_key="case_file.id")
    label: str = Field(max_length=40)
    pseudonym: str = Field(max_length=40)
    attributes: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    narrative: str = ""
    removed_spans: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    withheld: bool = False
    reviewed: bool = False


class ScrutinyFeedback(SQLModel, table=True):
    __tablename__ = "scrutiny_feedback"

    id: int | None = Field(default=None, primary_key=True)
    summary_id: int = Field(foreign_key="scrutiny_summary.id", index=True)
    user_id: int = Field(foreign_key="app_user.id")
    rating: str = Field(max_length=10)
    comment: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    response: str | None = None
    responded_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    responded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ScrutinyAssessment(SQLModel, table=True):
    """A member's structured dip-sample review of one summary: one per member per summary,
    editable until the coordinator answers it. The comment and the answer are stored only
    after the free-text redactor has run over them."""

    __tablename__ = "scrutiny_assessment"
    __table_args__ = (UniqueConstraint("summary_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    summary_id: int = Field(foreign_key="scrutiny_summary.id", index=True)
    user_id: int = Field(foreign_key="app_user.id")
    kept_informed: str = Field(max_length=12)
    referred_to_support: str = Field(max_length=12)
    flagged_correctly: str = Field(max_length=12)
    response_timely: str = Field(max_length=12)
    overall: str = Field(max_length=20)
    comment: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    response: str | None = None
    responded_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    responded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
