"""Actions owned by agencies, their progress, research returns, and idempotent replays."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from riskpanel.models.base import UTCDateTime, utcnow

OPEN_ACTION = "review_outcome IS NULL AND progress NOT IN ('completed', 'not_possible')"


class Action(SQLModel, table=True):
    """Agency progress and the panel's review outcome are separate fields (ARCHITECTURE)."""

    __tablename__ = "action"
    __table_args__ = (
        Index("ix_action_agency_progress_due", "agency_id", "progress", "due_on"),
        Index("ix_action_overdue_scan", "progress", "due_on"),
        # Partners poll their open actions: a partial index keeps that list as cheap after
        # years of finished actions as on the first day (bench/bench_scale.py).
        Index(
            "ix_action_open_by_agency",
            "agency_id",
            "id",
            postgresql_where=text(OPEN_ACTION),
            sqlite_where=text(OPEN_ACTION),
        ),
        # The dashboard's overdue actions, soonest due first: read in index order, so the
        # first page stops early, and counted from the index alone (bench/bench_pages.py).
        Index(
            "ix_action_open_due",
            "due_on",
            "id",
            "case_id",
            postgresql_where=text(OPEN_ACTION),
            sqlite_where=text(OPEN_ACTION),
        ),
        # A case's actions without a review outcome, soonest due first: the agenda proposal
        # asks, per candidate case, whether one is due by the meeting (migration 0019).
        Index(
            "ix_action_unreviewed_by_case",
            "case_id",
            "due_on",
            postgresql_where=text("review_outcome IS NULL"),
            sqlite_where=text("review_outcome IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=30, unique=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    agency_id: int = Field(foreign_key="agency.id")
    description: str
    due_on: date
    progress: str = Field(default="open", max_length=20)
    outcome: str | None = None
    overdue: bool = False
    review_outcome: str | None = Field(default=None, max_length=40)
    reviewed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reviewed_meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    row_version: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ActionUpdate(SQLModel, table=True):
    __tablename__ = "action_update"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    progress: str = Field(max_length=20)
    outcome: str | None = None
    reason: str | None = None
    note: str | None = None
    by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    by_credential_id: int | None = Field(default=None, foreign_key="api_credential.id")
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ResearchReturn(SQLModel, table=True):
    """An agency's internal research before a meeting: never shown to other agencies."""

    __tablename__ = "research_return"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    withheld: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    submitted_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    submitted_by_credential_id: int | None = Field(default=None, foreign_key="api_credential.id")
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ResearchRequest(SQLModel, table=True):
    """The coordinator's request to one member agency for research on a listed case, due
    before the meeting; asking again for the same meeting moves the due time."""

    __tablename__ = "research_request"
    __table_args__ = (UniqueConstraint("case_id", "meeting_id", "agency_id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    meeting_id: int = Field(foreign_key="meeting.id")
    agency_id: int = Field(foreign_key="agency.id", index=True)
    due_at: datetime = Field(sa_type=UTCDateTime)
    requested_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    requested_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ResearchItem(SQLModel, table=True):
    __tablename__ = "research_item"

    id: int | None = Field(default=None, primary_key=True)
    research_return_id: int = Field(foreign_key="research_return.id", index=True)
    kind: str = Field(max_length=10)
    text: str


class IdempotencyRecord(SQLModel, table=True):
    """Stored response for an Idempotency-Key, scoped per client, kept at least 24 hours."""

    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("client_key", "idempotency_key"),)

    id: int | None = Field(default=None, primary_key=True)
    client_key: str = Field(max_length=80)
    idempotency_key: str = Field(max_length=200)
    request_hash: str = Field(max_length=64)
    status_code: int
    response_body: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    response_headers: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
