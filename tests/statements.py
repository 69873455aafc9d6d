"""The SQL a piece of work sends, for tests that hold a request to its statements."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event


@contextmanager
def statements_sent(target: Any) -> Iterator[list[str]]:
    """Every statement sent through `target` (an engine, or the `Engine` class for every
    engine, such as the app's own) while the block runs."""
    sent: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        sent.append(statement)

    event.listen(target, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        event.remove(target, "before_cursor_execute", seen)
