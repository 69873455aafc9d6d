"""The one clock riskpanel reads, and a way to replay history against it.

Every service asks ``riskpanel.models.utcnow()`` for the time, and that asks this module.
Normally it is the real UTC clock. :func:`replaying` shifts it for the current context only
(a :class:`~contextvars.ContextVar`, so other threads and requests keep the real time): the
demo replays six months of a partnership in order (a referral, its screening a day later,
the meeting weeks after) through the real services, so every history row, audit event and
timer carries the moment it would have had in real use.

Nothing reachable from the API or the web sets the shift: clients never choose the time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

_shift: ContextVar[timedelta | None] = ContextVar("riskpanel_clock_shift", default=None)


def utcnow() -> datetime:
    """Aware UTC now, moved by the replay shift when one is active in this context."""
    real = datetime.now(UTC)
    shift = _shift.get()
    return real if shift is None else real + shift


@contextmanager
def replaying(moment: datetime) -> Iterator[None]:
    """Run the block as if it were ``moment`` (time still flows inside the block).

    A moment in the future is refused: a replay rebuilds the past, it never runs ahead of
    the real clock, so nothing written can claim to have happened after it was written.
    """
    if moment.tzinfo is None:
        raise ValueError("replay needs an aware datetime")
    shift = moment - datetime.now(UTC)
    if shift > timedelta(0):
        raise ValueError("cannot replay a moment in the future")
    token = _shift.set(shift)
    try:
        yield
    finally:
        _shift.reset(token)
