"""Victims' Code timers: armed at intake on the referral, fired by ``riskpanel tick``, and
whether each entitlement of a referral has been met.

A timer that finds its entitlement unmet marks itself ``overdue`` and writes a notification
(outbox) row for each of the panel's coordinators, carrying references only, never the
victim's details. Recording the support referral or the update later resolves the timer
(``met_late``), so the overdue list empties as the work is done.

Whether an entitlement is met is one answer, used by these handlers, the overdue list and
the entitlement view, so the three never disagree. A support referral or an update counts
when it is given on or after the day the crime was reported (an earlier one answered an
earlier crime).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from riskpanel.config import get_settings
from riskpanel.models import (
    Case,
    Notification,
    Referral,
    Timer,
)
from riskpanel.timers.registry import timer_handler
from riskpanel.timers.service import arm, cancel
from riskpanel.victims import repository
from riskpanel.victims.clock import KEY_UPDATE, SUPPORT, parse_at, start_of_day

SUBJECT, OVERDUE = repository.SUBJECT, repository.OVERDUE
MET, OPTED_OUT, PENDING, NOT_APPLICABLE = ("met", "opted_out", "pending", "not_applicable")
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
        fired = repository.referral_timers(session, referral_id, kinds, OVERDUE)
        for timer in fired:
            timer.outcome = outcome
            session.add(timer)
            count += 1
    return count


def link_case(*, session: Session, referral: Referral) -> None:
    """Screening opened or attached a case: the referral's timers now name it too."""
    timers = repository.referral_timers(session, referral.id or 0)
    for timer in timers:
        timer.case_id = referral.case_id
        session.add(timer)


def _notify(session: Session, referral: Referral, timer: Timer) -> None:
    case = session.get(Case, referral.case_id) if referral.case_id else None
    coordinators = repository.active_coordinators(session, referral.panel_id)
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


def _since(referral: Referral, tz: str) -> datetime | None:
    reported = parse_at((referral.victims_code or {}).get("reported_at"))
    return start_of_day(reported, tz) if reported else None


def _opted_out(session: Session, referral: Referral) -> bool:
    if (referral.victims_code or {}).get("support_opt_out"):
        return True
    if referral.case_id is None:
        return False
    entitlement = repository.entitlement_of(session, referral.case_id)
    return bool(entitlement and entitlement.support_opt_out)


def _given(session: Session, kind: str, case_id: int, since: datetime) -> bool:
    if kind == SUPPORT:
        return repository.support_given_since(session, case_id, since)
    return repository.update_given_since(session, case_id, since)


def entitlement_status(
    session: Session, referral: Referral, kind: str, now: datetime, tz: str
) -> str:
    code = referral.victims_code or {}
    if not code.get("applies"):
        return NOT_APPLICABLE
    if kind == SUPPORT and _opted_out(session, referral):
        return OPTED_OUT
    since = _since(referral, tz)
    given = referral.case_id is not None and since is not None
    if given and _given(session, kind, referral.case_id or 0, since):  # type: ignore[arg-type]
        return MET
    due_at = parse_at(
        code.get("support_referral_due_at" if kind == SUPPORT else "key_update_due_at")
    )
    if due_at is not None and due_at <= now:
        return OVERDUE
    return PENDING


KINDS = (SUPPORT, KEY_UPDATE)
