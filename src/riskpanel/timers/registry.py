"""The registry of what `riskpanel tick` runs.

Two kinds of entry: *timer handlers* fire rows of the ``timer`` table of one kind that are
due (each row exactly once, even with several tick processes on several machines), and
*jobs* run a periodic step (seal the audit chain, deliver notifications, purge expired
idempotency keys). Features register their own entries; tick knows none of them by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from riskpanel.models import Timer

TimerHandler = Callable[[Session, Timer, datetime], str]
Job = Callable[[Session, datetime], int]


@dataclass(frozen=True)
class Registered:
    name: str
    order: int


TIMER_HANDLERS: dict[str, TimerHandler] = {}
JOBS: dict[str, tuple[int, Job]] = {}


def timer_handler(kind: str) -> Callable[[TimerHandler], TimerHandler]:
    """Register the handler for timers of `kind`; it returns a short outcome label."""

    def register(func: TimerHandler) -> TimerHandler:
        if kind in TIMER_HANDLERS and TIMER_HANDLERS[kind] is not func:
            raise ValueError(f"timer kind {kind!r} already has a handler")
        TIMER_HANDLERS[kind] = func
        return func

    return register


def job(name: str, *, order: int = 50) -> Callable[[Job], Job]:
    """Register a periodic step; lower `order` runs first (sealing runs last)."""

    def register(func: Job) -> Job:
        JOBS[name] = (order, func)
        return func

    return register
