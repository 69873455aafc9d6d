"""Request-scoped caller context and the tail every changing endpoint shares."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import Depends, Request, Response
from sqlmodel import Session

from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal

T = TypeVar("T")


def as_caller(rule: Callable[..., Any]) -> Callable[..., Awaitable[Caller]]:
    """Wrap an access rule (``allow(...)``, ``authority("op")``) so the endpoint receives
    the whole caller context: ``Annotated[Caller, Depends(as_caller(authority("op")))]``."""

    # A default, not ``Annotated[..., Depends(rule)]``: under postponed annotations FastAPI
    # resolves the annotation by name, and ``rule`` is local to this call.
    # Async: no I/O here, and a sync dependency costs a trip through the threadpool.
    async def dependency(request: Request, principal: Principal = Depends(rule)) -> Caller:
        return Caller(principal=principal, settings=request.app.state.settings)

    return dependency


def commit_with_etag(session: Session, response: Response, etag: str | None) -> None:
    """Commit the request's one transaction, then name the version the client now holds:
    the ETag goes out only once the change it describes is durable."""
    session.commit()
    if etag:
        response.headers["ETag"] = etag


def committed(
    session: Session, value: T, response: Response | None = None, etag: str | None = None
) -> T:
    """The tail of an endpoint that changed or read case data: commit (the audit row with
    it), set the ETag when there is one, and answer ``value``, so no endpoint can return
    before its transaction is durable."""
    if response is None:
        session.commit()
    else:
        commit_with_etag(session, response, etag)
    return value
