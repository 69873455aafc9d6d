"""Signed checkpoints of the access log's chain, kept outside the database.

The chain proves that what is in the tables was not changed, but not that nothing was
removed from the end: a cut tail, or an emptied log, is a shorter chain that is still
consistent. `riskpanel tick` therefore appends the head (link count, last event, head hash,
time) to a file outside the database, signed with the audit key, and `audit verify` checks
the database against the latest one. The file is a JSON line per checkpoint, appended
only when the head moved, so a year of minutely ticks on a quiet log stays small.

A restore from a backup moves the head back on purpose: `riskpanel restore` (SQLite) and
the printed PostgreSQL steps append a checkpoint noted as such, so the file keeps the
history and `verify` checks against the restored head from then on.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from riskpanel.audit.chain import GENESIS, head
from riskpanel.audit.keys import sign
from riskpanel.models import AuditLink

FILE_NAME = "checkpoints.jsonl"
TAIL_BYTES = 64 * 1024


@dataclass(frozen=True)
class Checkpoint:
    count: int
    seq: int
    last_event_id: int
    head: str
    at: str
    note: str = ""

    def signed_line(self, key: bytes) -> str:
        return json.dumps({**asdict(self), "sig": sign(key, _message(self))}) + "\n"


def _message(checkpoint: Checkpoint) -> bytes:
    return json.dumps(asdict(checkpoint), sort_keys=True, separators=(",", ":")).encode()


def take(*, session: Session, now: datetime, note: str = "") -> Checkpoint:
    """The chain's head as committed now."""
    last = head(session)
    count = session.exec(select(func.count()).select_from(AuditLink)).one()
    if last is None:
        return Checkpoint(count, 0, 0, GENESIS, now.isoformat(), note)
    return Checkpoint(count, last.seq, last.event_id, last.hash, now.isoformat(), note)


def read_latest(directory: Path, key: bytes) -> tuple[Checkpoint | None, list[str]]:
    """The last checkpoint in the file, and any line whose signature does not hold."""
    path = directory / FILE_NAME
    if not path.exists():
        return None, []
    latest: Checkpoint | None = None
    problems: list[str] = []
    first, lines = _tail(path)
    for number, line in enumerate(lines, start=first):
        try:
            fields = json.loads(line)
            sig = fields.pop("sig")
            found = Checkpoint(**fields)
        except (ValueError, TypeError, KeyError):
            if number == first + len(lines) - 1:  # a write cut short by a crash
                break
            problems.append(f"checkpoint file {path}, line {number}: unreadable")
            continue
        if sig != sign(key, _message(found)):
            problems.append(
                f"checkpoint file {path}, line {number}: signature does not verify "
                "(altered, or signed with another audit key)"
            )
            continue
        latest = found
    return latest, problems


def _tail(path: Path) -> tuple[int, list[str]]:
    """The file's last lines (whole ones) and the number of the first: the file grows by a
    line per head move, so each tick and verify reads a bounded tail, not the history."""
    with path.open("rb") as source:
        size = source.seek(0, os.SEEK_END)
        start = max(0, size - TAIL_BYTES)
        source.seek(start)
        lines = source.read().decode("utf-8", errors="replace").splitlines()
    if start == 0:
        return 1, lines
    whole = lines[1:]  # the first line read is partial
    return -len(whole), whole  # numbered from the end: -1 is the last line


def write(*, session: Session, directory: Path, key: bytes, now: datetime, note: str = "") -> bool:
    """Append a checkpoint if the head moved since the last one; True if written."""
    current = take(session=session, now=now, note=note)
    latest, _ = read_latest(directory, key)
    if latest is not None and (latest.seq, latest.head) == (current.seq, current.head):
        return False
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / FILE_NAME).open("a", encoding="utf-8") as out:
        out.write(current.signed_line(key))
        out.flush()
        os.fsync(out.fileno())
    return True


def check(*, session: Session, checkpoint: Checkpoint) -> str | None:
    """Does the database still hold everything the checkpoint saw?"""
    when = f"the checkpoint of {checkpoint.at}"
    count = session.exec(select(func.count()).select_from(AuditLink)).one()
    if count < checkpoint.count:
        emptied = " (the log was emptied)" if count == 0 else ""
        return (
            f"the chain has {count} link(s) but {when} recorded {checkpoint.count}: the log "
            f"was cut back{emptied}"
        )
    if checkpoint.seq == 0:
        return None
    link = session.get(AuditLink, checkpoint.seq)
    if link is None:
        return f"link {checkpoint.seq} of {when} is missing: the chain was cut back"
    if (link.hash, link.event_id) != (checkpoint.head, checkpoint.last_event_id):
        return (
            f"link {checkpoint.seq} (event {link.event_id}): differs from {when} "
            "(the chain was rewritten)"
        )
    return None
