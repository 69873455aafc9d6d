"""Sealing committed events into a hash chain, and verifying it.

Requests insert events without touching a shared row, so workers never wait on each other.
`seal` (run by `riskpanel tick` and `riskpanel audit seal`) links events older than a grace
period in id order; an event that commits later with a lower id than the sealed head would
show up in `verify` as unsealed below the head, which is exactly what tampering looks like.

Both the per-event seal (written by `record`) and each link are HMACs under the audit key,
which is kept outside the database: a role that can write the tables can still not forge
an event, nor re-hash a rewritten chain so that it verifies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from riskpanel.audit.keys import SEALED_FIELDS, key_for, mac_holds, sign
from riskpanel.models import AuditEvent, AuditLink, utcnow

GENESIS = "0" * 64
SEAL_BATCH = 5000
# Longer than any request transaction should take: an event committed after a later one
# was sealed would look like an insertion after sealing. SQLite cannot hit this (the
# sealer holds the only write lock); PostgreSQL with a stalled transaction could.
DEFAULT_GRACE = timedelta(seconds=60)


def canonical(event: AuditEvent) -> bytes:
    body = {
        "id": event.id,
        "at": event.at.isoformat(),
        "action": event.action,
        "purpose": event.purpose,
        "actor_user_id": event.actor_user_id,
        "actor_credential_id": event.actor_credential_id,
        "actor_agency_id": event.actor_agency_id,
        "actor_role": event.actor_role,
        "actor_label": event.actor_label,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "case_id": event.case_id,
        "person_id": event.person_id,
        "fields": event.fields,
        "recipients": event.recipients,
        "detail": event.detail,
        "request_id": event.request_id,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()


def link_hash(key: bytes, prev_hash: str, event: AuditEvent) -> str:
    """Binds the event's id, content and own seal to everything sealed before it."""
    return sign(key, prev_hash.encode() + canonical(event) + (event.mac or "").encode())


def seal_holds(key: bytes, event: AuditEvent) -> bool:
    """Was this event written by `record`, with the key, and not changed since?"""
    return mac_holds(key, {name: getattr(event, name) for name in SEALED_FIELDS}, event.mac)


def _lock_sealer(session: Session) -> None:
    """One sealer at a time across nodes (PostgreSQL); SQLite's BEGIN IMMEDIATE suffices."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(782113)"))


def head(session: Session) -> AuditLink | None:
    return session.exec(select(AuditLink).order_by(col(AuditLink.seq).desc()).limit(1)).first()


def seal(*, session: Session, grace: timedelta = DEFAULT_GRACE) -> int:
    """Link every committed event older than `grace`; returns how many were sealed."""
    _lock_sealer(session)
    key = key_for(session)
    last = head(session)
    last_event_id = last.event_id if last else 0
    prev_hash = last.hash if last else GENESIS
    seq = last.seq if last else 0
    cutoff = utcnow() - grace
    sealed = 0
    while True:
        events = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.id) > last_event_id, col(AuditEvent.at) <= cutoff)
            .order_by(col(AuditEvent.id))
            .limit(SEAL_BATCH)
        ).all()
        if not events:
            return sealed
        for event in events:
            assert event.id is not None
            seq += 1
            digest = link_hash(key, prev_hash, event)
            session.add(AuditLink(seq=seq, event_id=event.id, prev_hash=prev_hash, hash=digest))
            prev_hash, last_event_id = digest, event.id
            sealed += 1
        session.flush()


@dataclass
class VerifyReport:
    checked: int = 0
    unsealed: int = 0
    head_hash: str = GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(*, session: Session) -> VerifyReport:
    """Walk the chain in order, then the events not yet sealed; report the first break."""
    report = VerifyReport()
    key = key_for(session)
    prev_hash, expected_seq, last_event_id = GENESIS, 1, 0
    rows = session.execute(
        select(AuditLink, AuditEvent)
        .join(AuditEvent, col(AuditEvent.id) == col(AuditLink.event_id), isouter=True)
        .order_by(col(AuditLink.seq))
        .execution_options(yield_per=2000)
    )
    with rows:  # a server-side cursor on PostgreSQL: close it even when stopping early
        for link, event in rows:
            problem = _check_link(key, link, event, prev_hash, expected_seq, last_event_id)
            if problem:
                report.problems.append(problem)
                return report
            report.checked += 1
            prev_hash, expected_seq, last_event_id = link.hash, expected_seq + 1, link.event_id
    report.head_hash = prev_hash
    linked = session.exec(select(func.count()).select_from(AuditLink)).one()
    below = session.exec(
        select(func.count()).select_from(AuditEvent).where(col(AuditEvent.id) <= last_event_id)
    ).one()
    if below != linked:
        report.problems.append(
            f"{below - linked} event(s) with ids at or below the sealed head are not in the "
            "chain (inserted after sealing)"
        )
    _check_unsealed(session, key, last_event_id, report)
    _check_copies(session, report)
    return report


def _check_unsealed(session: Session, key: bytes, after: int, report: VerifyReport) -> None:
    """Events not yet linked must still carry their own seal: a row inserted by hand
    (plain SQL, whatever hash it claims) would otherwise be sealed into the chain."""
    rows = session.exec(
        select(AuditEvent)
        .where(col(AuditEvent.id) > after)
        .order_by(col(AuditEvent.id))
        .execution_options(yield_per=2000)
    )
    forged: list[int] = []
    for event in rows:
        report.unsealed += 1
        if not seal_holds(key, event):
            assert event.id is not None
            forged.append(event.id)
    if forged:
        report.problems.append(
            f"event {forged[0]} (not yet sealed): its seal does not verify, so riskpanel did "
            f"not write it or it was altered ({len(forged)} such event(s))"
        )


def _check_copies(session: Session, report: VerifyReport) -> None:
    """A copied row carries a valid seal, but every real event's seal is unique (nonce)."""
    copied = session.exec(
        select(AuditEvent.mac, func.count())
        .where(col(AuditEvent.mac).is_not(None))
        .group_by(col(AuditEvent.mac))
        .having(func.count() > 1)
    ).all()
    if copied:
        extra = sum(count - 1 for _, count in copied)
        report.problems.append(
            f"{extra} event(s) are copies of another event (the same seal twice): inserted "
            "behind riskpanel's back"
        )


def check_checkpoint(*, session: Session, seq: int, digest: str) -> str | None:
    """Compare link `seq` with a checkpoint kept outside the database."""
    if seq == 0:
        return None if digest == GENESIS else "checkpoint 0 must carry the genesis hash"
    link = session.get(AuditLink, seq)
    if link is None:
        return f"link {seq} of the checkpoint is missing (the chain was cut back)"
    if link.hash != digest:
        return f"link {seq} (event {link.event_id}): hash differs from the checkpoint"
    return None


def _check_link(
    key: bytes,
    link: AuditLink,
    event: AuditEvent | None,
    prev_hash: str,
    expected_seq: int,
    last_event_id: int,
) -> str | None:
    where = f"link {link.seq} (event {link.event_id})"
    if link.seq != expected_seq:
        return f"{where}: sequence gap, expected link {expected_seq}"
    if link.prev_hash != prev_hash:
        return f"{where}: previous hash does not match link {expected_seq - 1}"
    if event is None:
        return f"{where}: the event was deleted"
    if link.event_id <= last_event_id:
        return f"{where}: events out of order"
    if link_hash(key, prev_hash, event) != link.hash:
        return f"{where}: the event was altered after sealing (the link does not verify)"
    if not seal_holds(key, event):
        return f"{where}: the event's own seal does not verify (written behind riskpanel's back)"
    return None
