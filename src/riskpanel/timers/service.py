"""Arming and firing timers.

Firing claims due rows with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two tick
processes never take the same row; SQLite's single writer gives the same guarantee.
Each row is marked fired in the same transaction as its effect, so a crash fires it again
rather than losing it, and a second run finds nothing left to do.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Engine, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

import riskpanel
from riskpanel.db import session_scope
from riskpanel.models import Timer, utcnow
from riskpanel.timers.registry import JOBS, TIMER_HANDLERS

log = logging.getLogger("riskpanel.tick")
BATCH = 200


def arm(
    *,
    session: Session,
    kind: str,
    subject_type: str,
    subject_id: int,
    due_at: datetime,
    case_id: int | None = None,
) -> Timer | None:
    """Add a timer unless the same one is already armed (arming is idempotent)."""
    existing = session.exec(
        select(Timer).where(
            Timer.kind == kind,
            Timer.subject_type == subject_type,
            Timer.subject_id == subject_id,
            Timer.due_at == due_at,
        )
    ).first()
    if existing is not None:
        return existing
    timer = Timer(
        kind=kind, subject_type=subject_type, subject_id=subject_id, due_at=due_at, case_id=case_id
    )
    try:
        with session.begin_nested():
            session.add(timer)
    except IntegrityError:
        return None
    return timer


def cancel(*, session: Session, subject_type: str, subject_id: int, kinds: set[str]) -> int:
    now = utcnow()
    timers = session.exec(
        select(Timer).where(
            Timer.subject_type == subject_type,
            Timer.subject_id == subject_id,
            col(Timer.kind).in_(kinds),
            col(Timer.fired_at).is_(None),
            col(Timer.cancelled_at).is_(None),
        )
    ).all()
    for timer in timers:
        timer.cancelled_at = now
        session.add(timer)
    return len(timers)


def _unfired(kinds: list[str], until: datetime) -> list[ColumnElement[bool]]:
    """Timers of these kinds, neither fired nor cancelled, due by `until`."""
    return [
        col(Timer.kind).in_(kinds),
        col(Timer.fired_at).is_(None),
        col(Timer.cancelled_at).is_(None),
        col(Timer.due_at) <= until,
    ]


def _fire(session: Session, timer: Timer, now: datetime) -> None:
    timer.outcome = TIMER_HANDLERS[timer.kind](session, timer, now)[:200]
    timer.fired_at = now
    session.add(timer)


def _claim_due(session: Session, kind: str, now: datetime) -> list[Timer]:
    query = (
        select(Timer)
        .where(*_unfired([kind], now))
        .order_by(col(Timer.due_at), col(Timer.id))
        .limit(BATCH)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.exec(query).all())


@dataclass
class TickReport:
    fired: dict[str, int] = field(default_factory=dict)
    jobs: dict[str, int] = field(default_factory=dict)


def load_features() -> None:
    """Import every domain's `timers` module so its handlers register themselves."""
    for info in pkgutil.iter_modules(riskpanel.__path__):
        if info.ispkg:
            try:
                importlib.import_module(f"riskpanel.{info.name}.timers")
            except ModuleNotFoundError as exc:
                if exc.name != f"riskpanel.{info.name}.timers":
                    raise


def fire_kind(engine: Engine, kind: str, now: datetime) -> int:
    fired = 0
    while True:
        with session_scope(engine) as session:
            due = _claim_due(session, kind, now)
            for timer in due:
                _fire(session, timer, now)
            fired += len(due)
        if len(due) < BATCH:
            return fired


def next_due(*, session: Session, until: datetime) -> datetime | None:
    """When the earliest unfired timer with a handler falls due, if it is due by `until`.
    The caller has run :func:`load_features` once, as `tick` does."""
    return session.exec(
        select(func.min(Timer.due_at)).where(*_unfired(sorted(TIMER_HANDLERS), until))
    ).one()


def fire_due(*, session: Session, now: datetime) -> int:
    """Fire every timer due by `now` inside the caller's transaction, earliest first.

    `tick` gives each batch its own transaction; a replay of history (the demo) steps the
    clock forward inside one transaction and fires what fell due at each step through this.
    The caller has run :func:`load_features` once, as `tick` does.
    """
    fired = 0
    while True:
        due = session.exec(
            select(Timer)
            .where(*_unfired(sorted(TIMER_HANDLERS), now))
            .order_by(col(Timer.due_at), col(Timer.id))
            .limit(BATCH)
        ).all()
        for timer in due:
            if timer.cancelled_at is not None:  # cancelled by an earlier timer's effect
                continue
            _fire(session, timer, now)
            fired += 1
        session.flush()
        if not due:
            return fired


def tick(engine: Engine, *, now: datetime | None = None) -> TickReport:
    """Fire every due timer, then run every job; safe to run often and concurrently."""
    load_features()
    now = now or utcnow()
    report = TickReport()
    for kind in sorted(TIMER_HANDLERS):
        report.fired[kind] = fire_kind(engine, kind, now)
    for name, (_, step) in sorted(JOBS.items(), key=lambda item: (item[1][0], item[0])):
        with session_scope(engine) as session:
            report.jobs[name] = step(session, now)
    log.info("tick fired %s, jobs %s", report.fired, report.jobs)
    return report
