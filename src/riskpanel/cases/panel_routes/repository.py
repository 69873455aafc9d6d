"""The facts the panel's routes are decided on, read from the database: the victim's
incidents and the case's latest decision."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from riskpanel.models import Incident, Referral, RiskAssessment
from riskpanel.models.enums import AssessmentStanding


def victim_incident_days(session: Session, person_id: int, panel_id: int) -> list[date]:
    """Every incident the panel holds for the victim (after merges), for escalation."""
    rows = session.exec(
        select(Incident)
        .join(Referral, col(Referral.id) == col(Incident.referral_id))
        .where(col(Incident.victim_person_id) == person_id, col(Referral.panel_id) == panel_id)
    ).all()
    return sorted(i.occurred_on for i in rows)


def latest_case_assessment(session: Session, case_id: int) -> RiskAssessment | None:
    """The panel's latest decision (an agency's view never drives the routes)."""
    return session.exec(
        select(RiskAssessment)
        .where(
            col(RiskAssessment.case_id) == case_id,
            col(RiskAssessment.standing) == AssessmentStanding.DECISION,
        )
        .order_by(col(RiskAssessment.assessed_at).desc(), col(RiskAssessment.id).desc())
        .limit(1)
    ).first()
