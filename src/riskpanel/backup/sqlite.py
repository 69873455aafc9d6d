"""SQLite files: consistent snapshots, integrity checks and an atomic swap.

Copying the database file with ``cp`` while the server writes can pair the main file and
its WAL from different moments. The online backup API copies every page inside one read
transaction instead: under WAL that is one consistent snapshot, and writers carry on
meanwhile. It runs as one step (all pages) on purpose: a step-by-step backup restarts
whenever another connection writes, and under steady writes it might never finish.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from riskpanel.backup.files import fsync_path
from riskpanel.kit.errors import Conflict, InvalidInput

HEADER = b"SQLite format 3\x00"


def database_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise InvalidInput.field("RISKPANEL_DATABASE_URL", "is not a SQLite database")
    if not parsed.database or parsed.database == ":memory:":
        raise InvalidInput.field("RISKPANEL_DATABASE_URL", "an in-memory database has no file")
    return Path(parsed.database)


@contextlib.contextmanager
def _open(path: Path, *, timeout: float = 15.0) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def snapshot(source: Path, target: Path) -> None:
    """Copy the live database into a new self-contained file (no WAL beside it)."""
    if not source.is_file():
        raise InvalidInput.field("RISKPANEL_DATABASE_URL", f"no database file at {source}")
    with _open(source) as live, _open(target) as copy:
        live.backup(copy)  # pages=-1: every page in one step, from one snapshot
        copy.execute("PRAGMA journal_mode=DELETE")
    fsync_path(target)


def integrity_problems(path: Path) -> list[str]:
    """Empty when ``PRAGMA integrity_check`` says ok; otherwise what it (or SQLite) said."""
    with path.open("rb") as fh:
        if fh.read(len(HEADER)) != HEADER:
            return ["not a SQLite database (bad file header)"]
    try:
        with _open(path) as conn:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def schema_revision(path: Path) -> str | None:
    try:
        with _open(path) as conn:
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError:
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def use_rollback_journal(path: Path) -> None:
    """Leave a staged file with no WAL of its own before it is renamed into place."""
    with _open(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")


def ensure_unused(path: Path) -> None:
    """Refuse while any other connection has the database open.

    Under WAL every open connection keeps a shared lock on the database file, so an
    exclusive lock is only granted when nobody else is connected. Closing this last
    connection also checkpoints a WAL left by a crashed server into the file and
    removes it, so the file about to be set aside is complete on its own.
    """
    try:
        with _open(path, timeout=0.5) as conn:
            conn.execute("PRAGMA locking_mode=EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        raise Conflict(
            f"{path} is in use (database is locked): stop `riskpanel serve` and any "
            "`riskpanel tick` first"
        ) from exc
    if _wal(path).exists():
        raise Conflict(f"{path} is in use ({_wal(path).name} is still there): stop riskpanel")


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def swap_in(staged: Path, target: Path) -> Path | None:
    """Rename the staged file over the live one; the old file is kept under a new name."""
    previous = None
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        previous = target.with_name(f"{target.name}.pre-restore-{stamp}")
        if previous.exists():  # two restores within a second
            previous = previous.with_name(f"{previous.name}-{uuid.uuid4().hex[:6]}")
        os.link(target, previous)  # same inode, so the rename below loses nothing
    shm = target.with_name(target.name + "-shm")
    shm.unlink(missing_ok=True)  # index of the old file's WAL, which is gone
    os.replace(staged, target)
    fsync_path(target.parent)
    return previous
