"""Request-scoped caller context and the tail every changing endpoint shares."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import Depends, Request, Response
from pydantic import BaseModel
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


def committed_json(session: Session, value: BaseModel, etag: str | None = None) -> Response:
    """`committed` for a read whose answer the service has just built as its response
    model: serialised here, straight to JSON. Returned as the model, FastAPI would
    validate it a second time, on a trip through the threadpool (a sync endpoint's), for
    every request. The route declares `response_model` for its OpenAPI schema."""
    session.commit()
    headers = {"ETag": etag} if etag else None
    body = value.model_dump_json(by_alias=True)
    return Response(body, media_type="application/json", headers=headers)
