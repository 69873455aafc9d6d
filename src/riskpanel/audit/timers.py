"""Tick jobs of the access log: seal committed events, then checkpoint the head outside
the database."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from riskpanel.audit import checkpoints
from riskpanel.audit.chain import seal
from riskpanel.audit.keys import key_for
from riskpanel.db import settings_for
from riskpanel.timers.registry import job


@job("audit_seal", order=100)
def seal_audit_chain(session: Session, now: datetime) -> int:
    return seal(session=session)


@job("audit_checkpoint", order=110)
def checkpoint_audit_chain(session: Session, now: datetime) -> int:
    """After sealing committed (its own transaction), record the head outside the database."""
    settings = settings_for(session)
    written = checkpoints.write(
        session=session, directory=settings.checkpoint_dir, key=key_for(session), now=now
    )
    return int(written)
