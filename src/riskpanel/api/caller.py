"""Request-scoped caller context and the tail every changing endpoint shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from sqlmodel import Session

from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal


def as_caller(rule: Callable[..., Any]) -> Callable[..., Caller]:
    """Wrap an access rule (``allow(...)``, ``authority("op")``) so the endpoint receives
    the whole caller context: ``Annotated[Caller, Depends(as_caller(authority("op")))]``."""

    def dependency(request: Request, principal: Principal) -> Caller:
        return Caller(principal=principal, settings=request.app.state.settings)

    # The annotations are set here, not written in the signature: with postponed evaluation
    # FastAPI would have to resolve ``Depends(rule)`` by name, and ``rule`` is a local.
    dependency.__annotations__ = {
        "request": Request,
        "principal": Annotated[Principal, Depends(rule)],
        "return": Caller,
    }
    return dependency


def commit_with_etag(session: Session, response: Response, etag: str | None) -> None:
    """Commit the request's one transaction, then name the version the client now holds:
    the ETag goes out only once the change it describes is durable."""
    session.commit()
    if etag:
        response.headers["ETag"] = etag
