"""Engines and sessions.

SQLite is the embedded default, so it gets the settings that make it behave under a web
server: WAL for readers beside a writer, foreign keys enforced, a busy timeout, and
``BEGIN IMMEDIATE`` so a writer takes the lock up front instead of failing half-way
(the pysqlite driver's own BEGIN handling is switched off, per SQLAlchemy's recipe).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from riskpanel.config import Settings

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


class WriterQueue:
    """A first-come, first-served lock for one process's SQLite writers.

    SQLite lets one writer in at a time; the others sit in its busy handler, which sleeps
    and retries (1 ms growing to 100 ms) and so serves them in no order at all. Under 32
    concurrent writers that lottery put p99 latency in seconds. Queueing writers in
    arrival order inside the process, and handing the lock straight to the next one,
    bounds a writer's wait by the work queued ahead of it.

    Processes (several uvicorn workers) meet at an advisory file lock beside the database,
    taken only by the writer whose turn it is: the kernel wakes a blocked process the
    moment the lock is free, where SQLite's busy handler would have slept and retried.
    """

    def __init__(self, lock_path: str | None = None) -> None:
        self._lock_path = lock_path
        self._lock_file: tuple[int, Any] | None = None  # (pid, file), reopened after fork
        self._mutex = threading.Lock()
        self._waiters: deque[tuple[threading.Event, object]] = deque()
        self._held = False
        self.owner: object | None = None

    def acquire(self, owner: object, timeout: float) -> bool:
        if not self._take_turn(owner, timeout):
            return False
        try:
            self._file_lock(fcntl.LOCK_EX)
        except BaseException:
            self.release(owner)
            raise
        return True

    def _file_lock(self, operation: int) -> None:
        if self._lock_path is None:
            return
        if self._lock_file is None or self._lock_file[0] != os.getpid():
            self._lock_file = (os.getpid(), open(self._lock_path, "a+b"))  # noqa: SIM115
        fcntl.flock(self._lock_file[1].fileno(), operation)

    def close(self) -> None:
        with self._mutex:
            if self._lock_file is not None and self._lock_file[0] == os.getpid():
                self._lock_file[1].close()
            self._lock_file = None

    def _take_turn(self, owner: object, timeout: float) -> bool:
        with self._mutex:
            if not self._held:
                self._held, self.owner = True, owner
                return True
            turn = threading.Event()
            self._waiters.append((turn, owner))
        if turn.wait(timeout):
            return True
        with self._mutex:
            if (turn, owner) in self._waiters:
                self._waiters.remove((turn, owner))
                return False
        return True  # handed over just as the wait ran out

    def release(self, owner: object) -> None:
        with self._mutex:
            if not self._held or self.owner is not owner:
                return
            self._file_lock(fcntl.LOCK_UN)
            if self._waiters:
                turn, self.owner = self._waiters.popleft()
                turn.set()  # stays held: the turn passes in arrival order
            else:
                self._held, self.owner = False, None


def _sqlite_pragmas(
    engine: Engine, busy_timeout_ms: int, foreign_keys: bool, begin_immediate: bool
) -> None:
    database = engine.url.database or ""
    on_disk = database not in ("", ":memory:") and not database.startswith("file:")
    queue = WriterQueue(f"{database}.writer-lock" if on_disk else None)
    event.listen(engine, "engine_disposed", lambda _engine: queue.close())

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if not begin_immediate:
            conn.exec_driver_sql("BEGIN")
            return
        dbapi_conn = conn.connection.dbapi_connection
        if not queue.acquire(dbapi_conn, busy_timeout_ms / 1000):
            raise sqlite3.OperationalError("database is locked (writer queue timed out)")
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            queue.release(dbapi_conn)
            raise

    if begin_immediate:
        _release_after_commit(engine, queue)


def _release_after_commit(engine: Engine, queue: WriterQueue) -> None:
    """Pass the turn on once COMMIT or ROLLBACK has really finished.

    SQLAlchemy's commit event fires before the driver commits, which would let the next
    writer knock on a lock still held; wrapping this engine's own dialect calls does not.
    """
    dialect: Any = engine.dialect
    commit, rollback = dialect.do_commit, dialect.do_rollback

    def do_commit(proxied: Any) -> None:
        try:
            commit(proxied)
        finally:
            queue.release(getattr(proxied, "dbapi_connection", proxied))

    def do_rollback(proxied: Any) -> None:
        try:
            rollback(proxied)
        finally:
            queue.release(getattr(proxied, "dbapi_connection", proxied))

    def on_checkin(dbapi_conn: Any, *_args: Any) -> None:
        queue.release(dbapi_conn)  # a connection never goes back to the pool holding the turn

    dialect.do_commit, dialect.do_rollback = do_commit, do_rollback
    event.listen(engine.pool, "checkin", on_checkin)
    event.listen(engine.pool, "invalidate", on_checkin)


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
        _sqlite_pragmas(engine, busy_timeout_ms, foreign_keys, begin_immediate)
        return engine
    kw.setdefault("pool_pre_ping", True)
    kw.setdefault("pool_size", 10)
    kw.setdefault("max_overflow", 20)
    return create_engine(url, **kw)


def get_engine(settings: Settings) -> Engine:
    """One engine per URL per process: engines own pools and must be shared."""
    with _lock:
        engine = _engines.get(settings.database_url)
        if engine is None:
            engine = make_engine(
                settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms
            )
            _engines[settings.database_url] = engine
        return engine


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
