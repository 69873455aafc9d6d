"""Legal holds: why a case is kept past its retention period, who placed the hold and who
lifted it. ``Case.legal_hold`` is what retention reads; these rows are its record."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from riskpanel.models.base import UTCDateTime, utcnow


class LegalHold(SQLModel, table=True):
    """One hold on a case, from placing to lifting. A case has at most one hold not lifted;
    the command line may place one without a user (``placed_by_user_id`` empty)."""

    __tablename__ = "legal_hold"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    reason: str | None = None
    placed_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    placed_by: str = Field(max_length=200)
    placed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    lift_reason: str | None = None
    lifted_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    lifted_by: str | None = Field(default=None, max_length=200)
    lifted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
