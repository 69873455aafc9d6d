"""The access log (DPA 2018 s.62): append-only events, and a separate append-only chain.

Events are written in the request's own transaction with no shared lock, so workers never
queue behind each other; a short sealing step later links committed events in id order
into the hash chain (``audit_link``). Nothing ever updates an event row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from riskpanel.models.base import UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_subject_at", "subject_type", "subject_id", "at"),
        Index("ix_audit_case_at", "case_id", "at"),
        Index("ix_audit_person_at", "person_id", "at"),
        Index("ix_audit_user_at", "actor_user_id", "at"),
        Index("ix_audit_agency_at", "actor_agency_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    action: str = Field(max_length=20)
    purpose: str = Field(max_length=60)
    actor_user_id: int | None = None
    actor_credential_id: int | None = None
    actor_agency_id: int | None = None
    actor_role: str = Field(max_length=20)
    actor_label: str = Field(max_length=200)
    subject_type: str = Field(max_length=40)
    subject_id: str | None = Field(default=None, max_length=60)
    case_id: int | None = None
    person_id: int | None = None
    fields: list[str] = Field(default_factory=list, sa_type=JSON)
    recipients: list[str] = Field(default_factory=list, sa_type=JSON)
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    request_id: str | None = Field(default=None, max_length=64)
    # nonce + HMAC of the fields above under the audit key (outside the database); NULL or
    # wrong means the row was not written by riskpanel's `record`.
    mac: str | None = Field(default=None, max_length=80)


class AuditLink(SQLModel, table=True):
    """One link of the chain: HMAC(audit key; previous link, event, its seal). Append-only."""

    __tablename__ = "audit_link"

    seq: int = Field(primary_key=True)
    event_id: int = Field(unique=True)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    sealed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
