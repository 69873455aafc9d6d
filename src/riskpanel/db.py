"""Engines and sessions.

SQLite is the embedded default, so it gets the settings that make it behave under a web
server: WAL for readers beside a writer, foreign keys enforced, a busy timeout, and
``BEGIN IMMEDIATE`` so a writer takes the lock up front instead of failing half-way
(the pysqlite driver's own BEGIN handling is switched off, per SQLAlchemy's recipe).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast
from weakref import WeakKeyDictionary

from sqlalchemy import ColumnElement, Engine, create_engine, event, func, or_, select
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.selectable import GenerativeSelect
from sqlmodel import Session, col

from riskpanel.config import Settings, get_settings
from riskpanel.kit.paging import Page, PageRequest
from riskpanel.sqlite import install_sqlite_hooks

_engines: dict[str, Engine] = {}
Q = TypeVar("Q", bound=Any)
_lock = threading.Lock()
_BOUND: WeakKeyDictionary[Engine, Settings] = WeakKeyDictionary()


def make_engine(
    url: str,
    *,
    busy_timeout_ms: int = 15000,
    foreign_keys: bool = True,
    begin_immediate: bool = True,
    **kw: Any,
) -> Engine:
    """Foreign keys are only switched off for migrations, which rebuild SQLite tables.

    `begin_immediate=False` suits read-mostly tools (and tests) that must not hold
    SQLite's write lock while they look around.
    """
    if url.startswith("sqlite"):
        connect_args = {"check_same_thread": False, "timeout": busy_timeout_ms / 1000}
        if url in ("sqlite://", "sqlite:///:memory:"):
            kw.setdefault("poolclass", StaticPool)
        else:
            # A connection for every request thread: waiting for a pooled connection is
            # not first-come, first-served, and it undid the writer queue's fairness.
            kw.setdefault("pool_size", 40)
            kw.setdefault("max_overflow", 40)
        engine = create_engine(url, connect_args=connect_args, **kw)
        install_sqlite_hooks(engine, busy_timeout_ms, foreign_keys, begin_immediate)
        return engine
    kw.setdefault("pool_size", 10)
    kw.setdefault("max_overflow", 20)
    engine = create_engine(url, **kw)
    if not kw.get("pool_pre_ping"):
        ping_when_idle(engine)
    return engine


IDLE_BEFORE_PING_SECONDS = 5.0


def ping_when_idle(engine: Engine, idle_seconds: float = IDLE_BEFORE_PING_SECONDS) -> None:
    """Test a pooled connection on checkout only when it has lain idle a while.

    `pool_pre_ping` costs a round trip on every checkout, that is on every request; a
    connection handed back a moment ago is as good as the statement it just ran. One that
    has waited longer (a quiet spell, a database restart, a proxy's idle cut) is pinged,
    and a dead one is swapped for a fresh one before the request sees it. A connection
    that dies while busy fails its request, and SQLAlchemy then drops the whole pool's
    older connections (its disconnect handling), so the next requests start afresh."""

    @event.listens_for(engine, "connect")
    def _fresh(dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        if time.monotonic() - record.info.get("idle_since", 0.0) <= idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:  # SELECT 1 failing: it is dead
            raise DisconnectionError() from exc  # the pool retries with a new connection


def get_engine(settings: Settings) -> Engine:
    """One engine per URL per process: engines own pools and must be shared."""
    with _lock:
        engine = _engines.get(settings.database_url)
        if engine is None:
            extra: dict[str, Any] = {}
            if not settings.database_url.startswith("sqlite"):
                # a connection for every request let in, and a few for tick and the CLI
                extra["max_overflow"] = max(20, settings.max_concurrent_requests + 8 - 10)
            engine = make_engine(
                settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms, **extra
            )
            _engines[settings.database_url] = engine
        bind_settings(engine, settings)
        return engine


def bind_settings(engine: Engine, settings: Settings) -> None:
    """Work done through `engine` uses these settings: the audit trail seals its events
    with their audit key without every caller passing the settings down."""
    _BOUND[engine] = settings


def settings_for(session: Session) -> Settings:
    """The settings the session's engine was made from (the process settings otherwise)."""
    bind: Any = session.get_bind()
    found = _BOUND.get(getattr(bind, "engine", bind))
    return found if found is not None else get_settings()


def dispose_engines() -> None:
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A unit of work for the CLI and timers: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def fetch_page(session: Session, query: GenerativeSelect, page: PageRequest) -> Page[Any]:
    """One numbered page of an ordered query, with the count of every row it matches (the
    web lists' "51 to 100 of 230"). A page past the end shows the last page, so a link kept
    after rows closed still lands on rows."""
    total = session.execute(select(func.count()).select_from(query.order_by(None).subquery()))
    count = int(total.scalar_one())
    last = max(1, -(-count // page.size))
    number = min(page.number, last)
    sliced = query.offset((number - 1) * page.size).limit(page.size)
    rows = session.execute(cast(Executable, sliced)).all()
    items = [row[0] if len(row) == 1 else tuple(row) for row in rows]
    return Page(items, number, page.size, count)


Narrowing = tuple[object, ColumnElement[bool]]


def narrowed(query: Q, conditions: Iterable[Narrowing]) -> Q:
    """The query with each condition whose filter was given (a truthy first item): the
    lists' filters, each one line in the repository that owns the list."""
    for given, condition in conditions:
        if given:
            query = query.where(condition)
    return query


def contains_any(q: str, *columns: Any) -> ColumnElement[bool]:
    """Any of ``columns`` contains ``q``, in any letter case, ``%`` and ``_`` literal.

    ``ILIKE`` on PostgreSQL (``lower() LIKE lower()`` on SQLite), so a trigram index on the
    plain column serves it (``riskpanel.models.search``); ``lower(column)`` would not."""
    pattern = "%" + q.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"
    return or_(*(col(c).ilike(pattern, escape="/") for c in columns))
