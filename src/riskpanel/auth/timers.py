"""Tick job of sign-in: forget throttling evidence and long-finished web sessions."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from riskpanel.auth.sessions import purge
from riskpanel.timers.registry import job


@job("sign_in_purge", order=90)
def purge_sign_in_records(session: Session, now: datetime) -> int:
    return purge(session=session, now=now)
