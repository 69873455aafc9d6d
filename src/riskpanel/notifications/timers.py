"""Tick job: deliver queued notifications after the timers have queued theirs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from riskpanel.config import get_settings
from riskpanel.notifications.delivery import deliver_due
from riskpanel.timers.registry import job


@job("notifications_deliver", order=80)
def deliver_notifications(session: Session, now: datetime) -> int:
    """Uses its own short transactions (never the job's session), so no lock is held while
    a partner's endpoint or the mail relay answers."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    return deliver_due(engine=engine, settings=get_settings(), now=now)
