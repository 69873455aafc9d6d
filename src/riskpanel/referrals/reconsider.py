"""The referrer asks the chair to reconsider a rejected referral (DOMAIN section 4).

The request is kept on the referral and each of the panel's chairs gets a notification that
names the referral only; the chair then fires ``reconsider`` (back to screening) through
the screening endpoint, or leaves the rejection standing. Keyword-only; the caller commits.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from riskpanel.access.relations import WriteObject, require
from riskpanel.audit.service import record
from riskpanel.kit.errors import Conflict
from riskpanel.kit.principal import Principal
from riskpanel.models import Case, Notification, Referral, User, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.referrals import present
from riskpanel.referrals import repository as repo
from riskpanel.referrals.schemas import ReconsiderationIn
from riskpanel.referrals.views import ReferralSummary

NOTIFICATION_KIND = "reconsideration_requested"


def _notify_chairs(session: Session, referral: Referral, case: Case) -> None:
    chairs = session.exec(
        select(User).where(
            col(User.panel_id) == referral.panel_id,
            col(User.role) == "chair",
            col(User.active).is_(True),
        )
    ).all()
    count = len((referral.route_decision or {}).get("reconsideration_requests", []))
    for chair in chairs:
        session.add(
            Notification(
                kind=NOTIFICATION_KIND,
                channel="email",
                user_id=chair.id,
                case_reference=case.reference,
                payload={"referral": referral.reference, "case": case.reference},
                dedupe_key=f"{NOTIFICATION_KIND}:{referral.id}:{count}:{chair.id}",
            )
        )


def request_reconsideration(
    *,
    session: Session,
    principal: Principal,
    referral_id: int,
    data: ReconsiderationIn,
    access_days_after_closure: int,
) -> ReferralSummary:
    referral = repo.visible_referral(
        session,
        principal,
        referral_id,
        access_days_after_closure=access_days_after_closure,
        lock=True,
    )
    require(
        session=session,
        principal=principal,
        operation="referrals.reconsideration",
        obj=WriteObject(referral=referral),
    )
    case = session.get(Case, referral.case_id) if referral.case_id else None
    if case is None or case.state != "rejected":
        raise Conflict("Only a rejected referral can be sent to the chair for reconsideration.")
    decision = dict(referral.route_decision or {})
    requests = list(decision.get("reconsideration_requests", []))
    requests.append({"by": principal.label, "at": utcnow().isoformat(), "reason": data.reason})
    decision["reconsideration_requests"] = requests
    referral.route_decision = decision
    referral.status = "escalated"
    session.add(referral)
    session.flush()
    _notify_chairs(session, referral, case)
    record(
        session=session,
        principal=principal,
        action=AuditAction.ALTERATION,
        subject_type="referral",
        subject_id=referral.id,
        case_id=case.id,
        person_id=referral.victim_person_id,
        purpose="screening",
        fields=["status", "reconsideration_requests"],
        recipients=["chair"],
    )
    return present.summary(referral)
