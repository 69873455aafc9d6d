"""Tick job: forget idempotency keys once they are past their retention."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from riskpanel.idempotency.service import purge_expired
from riskpanel.timers.registry import job


@job("idempotency_purge", order=90)
def purge_idempotency_keys(session: Session, now: datetime) -> int:
    return purge_expired(session=session)
