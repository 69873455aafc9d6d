"""Input bounds shared by the referral, people, assessment and Victims' Code endpoints.

Ids beyond a 32-bit integer cannot be stored by one backend or the other; refusing them
at the edge turns what would be a 500 into a 422 naming the field.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import Field

from riskpanel.api.schemas import InputModel

MAX_ID = 2**31 - 1
CURSOR_PATTERN = r"^[A-Za-z0-9_-]*$"  # what riskpanel.api.pagination issues (base64url)
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]
Cursor = Annotated[str | None, Query(max_length=200, pattern=CURSOR_PATTERN)]
StatusQuery = Annotated[str | None, Query(max_length=20, pattern=r"^[a-z_]*$")]


class SafeInput(InputModel):
    """Kept for the referral schemas: every ``InputModel`` now refuses NUL and the other
    control characters field by field (``riskpanel.api.schemas``)."""
