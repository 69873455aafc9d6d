"""Request-scoped dependencies: the database session and the settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request owns the transaction: endpoints commit; anything else rolls back.

    GET and HEAD read first and write (their audit rows) last; on SQLite that lets them
    read beside each other and queue only for the write (see `riskpanel.sqlite`).

    Async so that opening and closing cost no trip through the threadpool each: making a
    session touches no database, nor does closing one whose endpoint committed (the usual
    case). A transaction still open (an error, or nothing committed) is rolled back on a
    worker thread, as that talks to the database.
    """
    state = request.app.state
    bind = state.read_first_engine if request.method in ("GET", "HEAD") else state.engine
    session = Session(bind, expire_on_commit=False)
    try:
        yield session
    finally:
        if session.in_transaction():
            await run_in_threadpool(_roll_back_and_close, session)
        else:
            session.close()


def _roll_back_and_close(session: Session) -> None:
    try:
        session.rollback()
    finally:
        session.close()


DbSession = Annotated[Session, Depends(get_session)]
