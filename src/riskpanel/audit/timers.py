"""Tick jobs of the access log: seal committed events into the chain."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from riskpanel.audit.chain import seal
from riskpanel.timers.registry import job


@job("audit_seal", order=100)
def seal_audit_chain(session: Session, now: datetime) -> int:
    return seal(session=session)
