"""Screening's own queries: what a referral brought (to link to its case) and who is asked
to reconsider a rejection (the panel's active chairs)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from riskpanel.models import CasePerson, Incident, RiskAssessment, User


def incidents_of(session: Session, referral_id: int) -> Sequence[Incident]:
    return session.exec(select(Incident).where(col(Incident.referral_id) == referral_id)).all()


def assessments_of(session: Session, referral_id: int) -> Sequence[RiskAssessment]:
    """The assessments made at intake, in the order stored (the last one sets the case's)."""
    return session.exec(
        select(RiskAssessment).where(col(RiskAssessment.referral_id) == referral_id)
    ).all()


def has_party(session: Session, case_id: int, person_id: int, role: str) -> bool:
    found = session.exec(
        select(CasePerson).where(
            col(CasePerson.case_id) == case_id,
            col(CasePerson.person_id) == person_id,
            col(CasePerson.role) == role,
        )
    ).first()
    return found is not None


def active_chairs(session: Session, panel_id: int) -> Sequence[User]:
    return session.exec(
        select(User).where(
            col(User.panel_id) == panel_id,
            col(User.role) == "chair",
            col(User.active).is_(True),
        )
    ).all()
