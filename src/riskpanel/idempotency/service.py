"""Replaying retried POSTs.

The key is claimed (inserted) before the work is done, in the same transaction, so a
concurrent duplicate blocks on the unique index and then replays the first response
instead of doing the work twice. On SQLite, where the transaction already holds the one
write lock, the key is written once, with its answer. Keys are scoped per client and kept
at least 24 hours.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import String, bindparam, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, delete, select, update

from riskpanel.kit.errors import Conflict, InvalidInput
from riskpanel.models import IdempotencyRecord, utcnow
from riskpanel.sqlite import holds_write_lock

RETENTION = timedelta(hours=48)
Work = Callable[[], tuple[int, dict[str, Any], dict[str, str]]]
IN_PROGRESS = 0


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: dict[str, Any]
    headers: dict[str, str]
    replayed: bool


def request_hash(payload: Any) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


_FIND = select(IdempotencyRecord).where(
    IdempotencyRecord.client_key == bindparam("client_key", type_=String),
    IdempotencyRecord.idempotency_key == bindparam("key", type_=String),
)  # built once: every retried-safe POST looks its key up


def _find(session: Session, client_key: str, key: str) -> IdempotencyRecord | None:
    return session.exec(_FIND, params={"client_key": client_key, "key": key}).first()


def _replay(record: IdempotencyRecord, digest: str) -> StoredResponse:
    if record.request_hash != digest:
        raise InvalidInput.field(
            "Idempotency-Key", "was already used with a different request body"
        )
    return StoredResponse(record.status_code, record.response_body, record.response_headers, True)


def run_once(
    *,
    session: Session,
    client_key: str,
    key: str | None,
    payload: Any,
    work: Work,
) -> StoredResponse:
    """Run `work` once per (client, key); the caller commits the transaction."""
    if key is None:
        status, body, headers = work()
        return StoredResponse(status, body, headers, False)
    if not 1 <= len(key) <= 200:
        raise InvalidInput.field("Idempotency-Key", "must be 1 to 200 characters")
    digest = request_hash(payload)
    if holds_write_lock(session.connection()):
        existing = _find(session, client_key, key)
        if existing is not None:
            return _replay(existing, digest)
        return _run_holding_the_write_lock(session, client_key, key, digest, work)
    # No lookup first: the claim itself finds a key already stored (or waits for a twin's
    # transaction and then finds it), so a first request costs one statement fewer.
    claimed = session.execute(
        _claim(session)
        .values(_row(client_key, key, digest, IN_PROGRESS, {}, {}))
        .on_conflict_do_nothing(index_elements=["client_key", "idempotency_key"])
        .returning(TABLE.c.id)
    ).scalar()
    if claimed is None:  # a twin claimed it first: the claim waited for it to commit
        winner = _find(session, client_key, key)
        if winner is None:  # pragma: no cover - the other request rolled back
            raise Conflict("A request with this Idempotency-Key was rolled back; retry.")
        return _replay(winner, digest)
    status, body, headers = work()
    session.execute(
        update(TABLE)
        .where(TABLE.c.id == claimed)
        .values(status_code=status, response_body=body, response_headers=headers)
    )
    return StoredResponse(status, body, headers, False)


TABLE = IdempotencyRecord.__table__  # type: ignore[attr-defined]


def _row(
    client_key: str,
    key: str,
    digest: str,
    status: int,
    body: dict[str, Any],
    headers: dict[str, str],
) -> dict[str, Any]:
    """The stored key: its claim (status IN_PROGRESS) or its answer."""
    now = utcnow()
    return {
        "client_key": client_key,
        "idempotency_key": key,
        "request_hash": digest,
        "status_code": status,
        "response_body": body,
        "response_headers": headers,
        "created_at": now,
        "expires_at": now + RETENTION,
    }


def _claim(session: Session) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING in the session's dialect: one statement claims the
    key, or (after waiting for a twin's transaction) finds it taken."""
    name = session.get_bind().dialect.name
    return (postgresql.insert if name == "postgresql" else sqlite.insert)(TABLE)


def _run_holding_the_write_lock(
    session: Session, client_key: str, key: str, digest: str, work: Work
) -> StoredResponse:
    """This transaction holds SQLite's one write lock (BEGIN IMMEDIATE), so no duplicate
    can claim the key before it commits: the claim and its answer are one row, written
    once, with no savepoint around it."""
    status, body, headers = work()
    session.execute(insert(TABLE).values(_row(client_key, key, digest, status, body, headers)))
    return StoredResponse(status, body, headers, False)


def purge_expired(*, session: Session) -> int:
    result = session.execute(
        delete(IdempotencyRecord).where(col(IdempotencyRecord.expires_at) < utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)
