"""Whether each Victims' Code entitlement of a referral has been met.

One answer, used by the tick handlers, the overdue list and the entitlement view, so the
three never disagree. A support referral or an update counts when it is given on or after
the day the crime was reported (an earlier one answered an earlier crime).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from riskpanel.models import Referral, SupportReferral, VictimEntitlement, VictimUpdate
from riskpanel.victims.rules import KEY_UPDATE, SUPPORT, parse_at, start_of_day

MET, OPTED_OUT, OVERDUE, PENDING, NOT_APPLICABLE = (
    "met",
    "opted_out",
    "overdue",
    "pending",
    "not_applicable",
)


def _since(referral: Referral, tz: str) -> datetime | None:
    reported = parse_at((referral.victims_code or {}).get("reported_at"))
    return start_of_day(reported, tz) if reported else None


def _opted_out(session: Session, referral: Referral) -> bool:
    if (referral.victims_code or {}).get("support_opt_out"):
        return True
    if referral.case_id is None:
        return False
    entitlement = session.exec(
        select(VictimEntitlement).where(col(VictimEntitlement.case_id) == referral.case_id)
    ).first()
    return bool(entitlement and entitlement.support_opt_out)


def _given(session: Session, kind: str, case_id: int, since: datetime) -> bool:
    if kind == SUPPORT:
        return (
            session.exec(
                select(SupportReferral.id).where(
                    col(SupportReferral.case_id) == case_id, col(SupportReferral.at) >= since
                )
            ).first()
            is not None
        )
    return (
        session.exec(
            select(VictimUpdate.id).where(
                col(VictimUpdate.case_id) == case_id, col(VictimUpdate.given_at) >= since
            )
        ).first()
        is not None
    )


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
