"""Tick jobs of sign-in: forget throttling evidence, long-finished web sessions and
single sign-on attempts past their lifetime."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from riskpanel.auth.oidc import repository as oidc
from riskpanel.auth.sessions import purge
from riskpanel.timers.registry import job


@job("sign_in_purge", order=90)
def purge_sign_in_records(session: Session, now: datetime) -> int:
    return purge(session=session, now=now)


@job("sso_login_purge", order=90)
def purge_sso_logins(session: Session, now: datetime) -> int:
    return oidc.purge(session=session, now=now)
