"""Outbox of notifications: written in the transaction, delivered after commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from riskpanel.models.base import UTCDateTime, utcnow


class Notification(SQLModel, table=True):
    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_pending", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=60)
    channel: str = Field(max_length=20)  # webhook | email
    agency_id: int | None = Field(default=None, foreign_key="agency.id", index=True)
    # The agency endpoint a webhook goes to (an agency may have several); None for email.
    webhook_endpoint_id: int | None = Field(default=None, foreign_key="webhook_endpoint.id")
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    case_reference: str | None = Field(default=None, max_length=30)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    dedupe_key: str | None = Field(default=None, max_length=200, unique=True)
    status: str = Field(default="pending", max_length=20)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebhookEndpoint(SQLModel, table=True):
    """One receiver of an agency's signed webhooks. An agency may have several (a case
    system and a test system, or an old and a new one while moving); each has its own
    ``whsec_`` secret. Removing one disables it, so the delivery log keeps its meaning."""

    __tablename__ = "webhook_endpoint"

    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    url: str = Field(max_length=500)
    secret: str = Field(max_length=200)
    description: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Delivery(SQLModel, table=True):
    __tablename__ = "delivery"

    id: int | None = Field(default=None, primary_key=True)
    notification_id: int = Field(foreign_key="notification.id", index=True)
    attempt: int
    status_code: int | None = None
    error: str | None = Field(default=None, max_length=500)
    duration_ms: int | None = None
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
