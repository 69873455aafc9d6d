"""How riskpanel's SQLite engines take turns at the one write lock.

SQLite lets one writer in at a time. Left to itself, every waiting writer sits in SQLite's
busy handler, which sleeps and retries (1 ms growing to 100 ms) and so serves writers in no
order at all: under 32 concurrent writers that lottery put p99 latency in seconds. Here:

- writers queue in arrival order inside a process (`WriterQueue`), and the turn is handed
  straight to the next one when COMMIT or ROLLBACK has finished;
- processes (several uvicorn workers) meet at an advisory file lock beside the database,
  taken only by the writer whose turn it is: the kernel wakes a blocked process the moment
  the lock is free, where the busy handler would have slept;
- a request that reads first (`READ_FIRST`, used for GET) reads in a plain deferred
  transaction alongside other readers and joins the queue only at its first write (its
  audit row). SQLite cannot upgrade a read snapshot once another writer has committed, so
  the read transaction is ended and an immediate one begun before that write.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import threading
from collections import deque
from typing import Any

from sqlalchemy import Engine, event

READ_FIRST = {"riskpanel_read_first": True}  # execution options for read-mostly sessions
_MODE = "riskpanel_sqlite_mode"  # in the connection record's info: "read" or "write"
_READ_ONLY_PREFIXES = ("SELECT", "PRAGMA", "WITH", "EXPLAIN")


class WriterQueue:
    """A first-come, first-served turn at the write lock, across threads and processes."""

    def __init__(self, lock_path: str | None = None) -> None:
        self._lock_path = lock_path
        self._lock_file: tuple[int, Any] | None = None  # (pid, file): reopened after fork
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

    def close(self) -> None:
        with self._mutex:
            if self._lock_file is not None and self._lock_file[0] == os.getpid():
                self._lock_file[1].close()
            self._lock_file = None

    def _file_lock(self, operation: int) -> None:
        if self._lock_path is None:
            return
        if self._lock_file is None or self._lock_file[0] != os.getpid():
            self._lock_file = (os.getpid(), open(self._lock_path, "a+b"))  # noqa: SIM115
        fcntl.flock(self._lock_file[1].fileno(), operation)

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


def install_sqlite_hooks(
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

    def begin_writing(dbapi_conn: Any) -> None:
        if not queue.acquire(dbapi_conn, busy_timeout_ms / 1000):
            raise sqlite3.OperationalError("database is locked (writer queue timed out)")
        try:
            dbapi_conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            queue.release(dbapi_conn)
            raise

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        proxied = conn.connection
        if not begin_immediate or conn.get_execution_options().get("riskpanel_read_first"):
            proxied.dbapi_connection.execute("BEGIN")
            proxied.info[_MODE] = "read" if begin_immediate else "plain"
            return
        begin_writing(proxied.dbapi_connection)
        proxied.info[_MODE] = "write"

    @event.listens_for(engine, "before_cursor_execute")
    def _before_write(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        proxied = conn.connection
        if proxied.info.get(_MODE) != "read":
            return
        if statement.lstrip()[:7].upper().startswith(_READ_ONLY_PREFIXES):
            return
        proxied.dbapi_connection.execute("COMMIT")  # end the read snapshot ...
        begin_writing(proxied.dbapi_connection)  # ... and write in arrival order
        proxied.info[_MODE] = "write"

    if begin_immediate:
        _release_after_commit(engine, queue)


def _release_after_commit(engine: Engine, queue: WriterQueue) -> None:
    """Pass the turn on once COMMIT or ROLLBACK has really finished.

    SQLAlchemy's commit event fires before the driver commits, which would let the next
    writer knock on a lock still held; wrapping this engine's own dialect calls does not.
    """
    dialect: Any = engine.dialect
    commit, rollback = dialect.do_commit, dialect.do_rollback

    def finished(proxied: Any) -> None:
        _forget_mode(proxied)
        queue.release(getattr(proxied, "dbapi_connection", proxied))

    def do_commit(proxied: Any) -> None:
        try:
            commit(proxied)
        finally:
            finished(proxied)

    def do_rollback(proxied: Any) -> None:
        try:
            rollback(proxied)
        finally:
            finished(proxied)

    def on_checkin(dbapi_conn: Any, record: Any) -> None:
        _forget_mode(record)
        queue.release(dbapi_conn)  # a connection never goes back to the pool holding the turn

    dialect.do_commit, dialect.do_rollback = do_commit, do_rollback
    event.listen(engine.pool, "checkin", on_checkin)
    event.listen(engine.pool, "invalidate", lambda dbapi_conn, *_: queue.release(dbapi_conn))


def holds_write_lock(connection: Any) -> bool:
    """Whether this SQLAlchemy connection is in a transaction that holds the write lock
    (its turn in the queue and BEGIN IMMEDIATE): nobody else can write until it ends."""
    return bool(connection.connection.info.get(_MODE) == "write")


def _forget_mode(holder: Any) -> None:
    with contextlib.suppress(AttributeError, NotImplementedError):  # a bare or new connection
        holder.info.pop(_MODE, None)
