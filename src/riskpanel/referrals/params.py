"""Input bounds shared by the referral, people, assessment and Victims' Code endpoints.

Ids beyond a 32-bit integer and strings holding NUL cannot be stored by one backend or the
other; refusing them at the edge turns what would be a 500 into a 422 naming the field.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import Field, model_validator

from riskpanel.api.schemas import InputModel

MAX_ID = 2**31 - 1
CURSOR_PATTERN = r"^[A-Za-z0-9_-]*$"  # what riskpanel.api.pagination issues (base64url)
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]
Cursor = Annotated[str | None, Query(max_length=200, pattern=CURSOR_PATTERN)]
StatusQuery = Annotated[str | None, Query(max_length=20, pattern=r"^[a-z_]*$")]


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class SafeInput(InputModel):
    """An input model whose text may not contain NUL (PostgreSQL cannot store it)."""

    @model_validator(mode="before")
    @classmethod
    def _refuse_nul(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key, value in data.items():
                if _has_nul(value):
                    raise ValueError(f"{key}: text may not contain NUL characters")
        return data
