"""Request-scoped dependencies: the database session and the settings."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from sqlmodel import Session


def get_session(request: Request) -> Iterator[Session]:
    """The request owns the transaction: endpoints commit; anything else rolls back."""
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        try:
            yield session
        finally:
            if session.in_transaction():
                session.rollback()
