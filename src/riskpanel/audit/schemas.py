"""API models of the access log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from riskpanel.kit.schemas import OutputModel


class AuditEventOut(OutputModel):
    id: int
    at: datetime
    action: str
    purpose: str
    actor_role: str
    actor_label: str
    actor_user_id: int | None
    actor_credential_id: int | None
    actor_agency_id: int | None
    subject_type: str
    subject_id: str | None
    case_id: int | None
    person_id: int | None
    fields: list[str]
    recipients: list[str]
    detail: dict[str, Any]
    request_id: str | None


class AuditPage(BaseModel):
    items: list[AuditEventOut]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for older events")
