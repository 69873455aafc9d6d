"""The Victims' Code record's queries: a case's referrals and entitlement, what was given
to the victim, the referral timers, and whom to tell when one is overdue."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from riskpanel.models import (
    Referral,
    SupportReferral,
    Timer,
    User,
    VictimEntitlement,
    VictimUpdate,
    utcnow,
)
from riskpanel.victims.clock import KEY_UPDATE, SUPPORT

SUBJECT = "referral"
OVERDUE = "overdue"


def case_referrals(session: Session, case_id: int) -> list[Referral]:
    return list(
        session.exec(
            select(Referral).where(col(Referral.case_id) == case_id).order_by(col(Referral.id))
        ).all()
    )


def entitlement_of(session: Session, case_id: int) -> VictimEntitlement | None:
    return session.exec(
        select(VictimEntitlement).where(col(VictimEntitlement.case_id) == case_id)
    ).first()


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


def support_referrals_of(session: Session, case_id: int) -> Sequence[SupportReferral]:
    return session.exec(
        select(SupportReferral)
        .where(col(SupportReferral.case_id) == case_id)
        .order_by(col(SupportReferral.at))
    ).all()


def updates_of(session: Session, case_id: int) -> Sequence[VictimUpdate]:
    return session.exec(
        select(VictimUpdate)
        .where(col(VictimUpdate.case_id) == case_id)
        .order_by(col(VictimUpdate.given_at))
    ).all()


def support_given_since(session: Session, case_id: int, since: datetime) -> bool:
    found = session.exec(
        select(SupportReferral.id).where(
            col(SupportReferral.case_id) == case_id, col(SupportReferral.at) >= since
        )
    ).first()
    return found is not None


def update_given_since(session: Session, case_id: int, since: datetime) -> bool:
    found = session.exec(
        select(VictimUpdate.id).where(
            col(VictimUpdate.case_id) == case_id, col(VictimUpdate.given_at) >= since
        )
    ).first()
    return found is not None


def referral_timers(
    session: Session, referral_id: int, kinds: set[str] | None = None, outcome: str | None = None
) -> Sequence[Timer]:
    """A referral's Victims' Code timers, optionally of some kinds with one outcome."""
    query = select(Timer).where(
        col(Timer.subject_type) == SUBJECT, col(Timer.subject_id) == referral_id
    )
    if kinds is not None:
        query = query.where(col(Timer.kind).in_(kinds))
    if outcome is not None:
        query = query.where(col(Timer.outcome) == outcome)
    return session.exec(query).all()


def active_coordinators(session: Session, panel_id: int) -> Sequence[User]:
    return session.exec(
        select(User).where(
            col(User.panel_id) == panel_id,
            col(User.role) == "coordinator",
            col(User.active).is_(True),
        )
    ).all()
