"""Path and query parameter types shared by the HTTP routers of every domain."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Path, Query

from riskpanel.kit.ids import CURSOR_PATTERN, MAX_ID

IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
Cursor = Annotated[str | None, Query(max_length=200, pattern=CURSOR_PATTERN)]
StatusQuery = Annotated[str | None, Query(max_length=20, pattern=r"^[a-z_]*$")]
Limit = Annotated[int, Query(ge=1, le=200)]
IfMatch = Annotated[
    str | None,
    Header(description="The `ETag` of the version you read; a stale one answers 412."),
]
