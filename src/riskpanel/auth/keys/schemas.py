"""API models for agency API keys: issue, rotate, list."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from riskpanel.kit.schemas import SINGLE_LINE, InputModel, OutputModel, examples


class KeyCreate(InputModel):
    model_config = examples({"name": "Housing case system", "expires_in_days": 365})

    name: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=SINGLE_LINE)]
    expires_in_days: int = Field(365, ge=1, le=730, description="Keys always expire")


class KeyRotate(InputModel):
    model_config = examples({"overlap_minutes": 60, "expires_in_days": 365})

    overlap_minutes: int = Field(
        0,
        ge=0,
        le=1440,
        description="Keep the old key working this long, so the partner can switch over",
    )
    expires_in_days: int = Field(365, ge=1, le=730)


class KeyOut(OutputModel):
    id: int
    agency_id: int
    prefix: str = Field(description="Public part of the key, to find it in logs")
    name: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    active: bool


class KeyIssued(KeyOut):
    token: str = Field(description="The whole key. Shown once: only its hash is kept.")
    replaces_key_id: int | None = None
