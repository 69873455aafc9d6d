"""Request-scoped dependencies: the database session and the settings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session


def get_session(request: Request) -> Iterator[Session]:
    """The request owns the transaction: endpoints commit; anything else rolls back.

    GET and HEAD read first and write (their audit rows) last; on SQLite that lets them
    read beside each other and queue only for the write (see `riskpanel.sqlite`).
    """
    state = request.app.state
    bind = state.read_first_engine if request.method in ("GET", "HEAD") else state.engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
        finally:
            if session.in_transaction():
                session.rollback()


DbSession = Annotated[Session, Depends(get_session)]
