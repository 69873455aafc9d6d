"""Victims' Code timers: armed at intake on the referral, fired by ``riskpanel tick``.

A timer that finds its entitlement unmet marks itself ``overdue`` and writes a notification
(outbox) row for each of the panel's coordinators, carrying references only, never the
victim's details. Recording the support referral or the update later resolves the timer
(``met_late``), so the overdue list empties as the work is done.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from riskpanel.config import get_settings
from riskpanel.models import Case, Notification, Referral, Timer, User, utcnow
from riskpanel.timers.registry import timer_handler
from riskpanel.timers.service import arm, cancel
from riskpanel.victims.rules import KEY_UPDATE, SUPPORT, parse_at
from riskpanel.victims.status import OVERDUE, entitlement_status

SUBJECT = "referral"
NOTIFICATION_KIND = "victims_code_overdue"


def arm_referral_timers(*, session: Session, referral: Referral) -> list[Timer]:
    """One timer per deadline the referral's Victims' Code record carries."""
    assert referral.id is not None
    code: dict[str, Any] = referral.victims_code or {}
    armed = []
    for kind, key in ((SUPPORT, "support_referral_due_at"), (KEY_UPDATE, "key_update_due_at")):
        due_at = parse_at(code.get(key))
        if due_at is None:
            continue
        timer = arm(
            session=session,
            kind=kind,
            subject_type=SUBJECT,
            subject_id=referral.id,
            due_at=due_at,
            case_id=referral.case_id,
        )
        if timer is not None:
            armed.append(timer)
    return armed


def resolve(*, session: Session, referral_ids: list[int], kinds: set[str], outcome: str) -> int:
    """The entitlement was met (or waived): pending timers are cancelled, overdue ones noted."""
    count = 0
    for referral_id in referral_ids:
        count += cancel(session=session, subject_type=SUBJECT, subject_id=referral_id, kinds=kinds)
        fired = session.exec(
            select(Timer).where(
                col(Timer.subject_type) == SUBJECT,
                col(Timer.subject_id) == referral_id,
                col(Timer.kind).in_(kinds),
                col(Timer.outcome) == OVERDUE,
            )
        ).all()
        for timer in fired:
            timer.outcome = outcome
            session.add(timer)
            count += 1
    return count


def link_case(*, session: Session, referral: Referral) -> None:
    """Screening opened or attached a case: the referral's timers now name it too."""
    timers = session.exec(
        select(Timer).where(
            col(Timer.subject_type) == SUBJECT, col(Timer.subject_id) == referral.id
        )
    ).all()
    for timer in timers:
        timer.case_id = referral.case_id
        session.add(timer)


def _notify(session: Session, referral: Referral, timer: Timer) -> None:
    case = session.get(Case, referral.case_id) if referral.case_id else None
    coordinators = session.exec(
        select(User).where(
            col(User.panel_id) == referral.panel_id,
            col(User.role) == "coordinator",
            col(User.active).is_(True),
        )
    ).all()
    payload = {
        "entitlement": timer.kind,
        "due_at": timer.due_at.isoformat(),
        "referral": referral.reference,
        "case": case.reference if case else None,
    }
    for user_id in [u.id for u in coordinators] or [None]:
        session.add(
            Notification(
                kind=NOTIFICATION_KIND,
                channel="email",
                user_id=user_id,
                case_reference=case.reference if case else None,
                payload=payload,
                dedupe_key=f"{NOTIFICATION_KIND}:{timer.id}:{user_id or 0}",
            )
        )


def _fire(session: Session, timer: Timer, now: datetime) -> str:
    referral = session.get(Referral, timer.subject_id) if timer.subject_type == SUBJECT else None
    if referral is None:
        return "referral gone"
    status = entitlement_status(session, referral, timer.kind, now, get_settings().timezone)
    if status == OVERDUE:
        _notify(session, referral, timer)
    return status


@timer_handler(SUPPORT)
def support_referral_due(session: Session, timer: Timer, now: datetime) -> str:
    return _fire(session, timer, now)


@timer_handler(KEY_UPDATE)
def key_update_due(session: Session, timer: Timer, now: datetime) -> str:
    return _fire(session, timer, now)


def overdue_timers(
    session: Session, panel_id: int, now: datetime | None = None
) -> list[tuple[Timer, Referral]]:
    """Due Victims' Code timers of the panel's referrals that are not resolved."""
    now = now or utcnow()
    rows = session.exec(
        select(Timer, Referral)
        .join(Referral, col(Referral.id) == col(Timer.subject_id))
        .where(
            col(Timer.subject_type) == SUBJECT,
            col(Timer.kind).in_([SUPPORT, KEY_UPDATE]),
            col(Timer.cancelled_at).is_(None),
            col(Timer.due_at) <= now,
            col(Timer.fired_at).is_(None) | (col(Timer.outcome) == OVERDUE),
            col(Referral.panel_id) == panel_id,
        )
        .order_by(col(Timer.due_at), col(Timer.id))
    ).all()
    return [(t, r) for t, r in rows]
