"""Bounds on ids that both databases can store.

Ids beyond a 32-bit integer cannot be stored by one backend or the other; refusing them at
the edge turns what would be a 500 into a 422 naming the field.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

MAX_ID = 2**31 - 1
# What riskpanel.kit.pagination issues (base64url); query parameters are held to it.
CURSOR_PATTERN = r"^[A-Za-z0-9_-]*$"
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]
