"""Answering a POST that may carry an ``Idempotency-Key`` (shared by actions and research).

The key is claimed before any work (and before If-Match is looked at), so a retried request
replays the first answer, marked ``Idempotent-Replayed: true``, without touching anything.
A request that fails is rolled back with its claim, so the client may retry it with the
same key once it has fixed the problem.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Header
from fastapi.responses import JSONResponse
from sqlmodel import Session

from riskpanel.idempotency.service import run_once
from riskpanel.kit.principal import Principal

IdempotencyKey = Annotated[
    str | None,
    Header(
        max_length=200,
        description="Retry-safe key chosen by the client: the same key and body replay the "
        "first response; the same key with another body is refused (422). Kept 48 hours.",
    ),
]
Work = Callable[[], tuple[int, dict[str, Any], dict[str, str]]]


def idempotent(
    *, session: Session, principal: Principal, key: str | None, payload: Any, work: Work
) -> JSONResponse:
    stored = run_once(
        session=session, client_key=principal.client_key, key=key, payload=payload, work=work
    )
    session.commit()
    headers = dict(stored.headers)
    if stored.replayed:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(stored.body, status_code=stored.status_code, headers=headers)
