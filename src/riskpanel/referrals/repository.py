"""Queries for referrals: who may see which, and the parts a referral is made of."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import ColumnElement, and_
from sqlmodel import Session, col, select

from riskpanel.access.service import PANEL_ROLES
from riskpanel.auth.principal import Principal
from riskpanel.errors import NotFound
from riskpanel.models import (
    Case,
    Incident,
    IncidentStrand,
    PanelMembership,
    Referral,
    RiskAssessment,
)


def referral_filter(principal: Principal) -> ColumnElement[bool]:
    """Panel roles: their panel's referrals; agencies: the referrals they made."""
    if principal.role in PANEL_ROLES and principal.panel_id is not None:
        return col(Referral.panel_id) == principal.panel_id
    if principal.is_agency and principal.agency_id is not None:
        return col(Referral.referring_agency_id) == principal.agency_id
    return col(Referral.id) == -1


def visible_referral(
    session: Session, principal: Principal, referral_id: int, *, lock: bool = False
) -> Referral:
    query = select(Referral).where(col(Referral.id) == referral_id, referral_filter(principal))
    if lock:
        query = query.with_for_update()
    referral = session.exec(query).first()
    if referral is None:
        raise NotFound()
    return referral


def is_member(session: Session, panel_id: int, agency_id: int, today: date) -> bool:
    membership = session.exec(
        select(PanelMembership).where(
            col(PanelMembership.panel_id) == panel_id,
            col(PanelMembership.agency_id) == agency_id,
        )
    ).first()
    return membership is not None and (membership.left_on is None or membership.left_on > today)


def incidents_of(session: Session, referral_id: int) -> list[Incident]:
    return list(
        session.exec(
            select(Incident)
            .where(col(Incident.referral_id) == referral_id)
            .order_by(col(Incident.occurred_on), col(Incident.id))
        ).all()
    )


def strands_of(session: Session, incident_ids: list[int]) -> dict[int, list[IncidentStrand]]:
    found: dict[int, list[IncidentStrand]] = defaultdict(list)
    if incident_ids:
        for row in session.exec(
            select(IncidentStrand).where(col(IncidentStrand.incident_id).in_(incident_ids))
        ).all():
            found[row.incident_id].append(row)
    return found


def assessment_of(session: Session, referral_id: int) -> RiskAssessment | None:
    return session.exec(
        select(RiskAssessment)
        .where(col(RiskAssessment.referral_id) == referral_id)
        .order_by(col(RiskAssessment.id).desc())
        .limit(1)
    ).first()


def other_cases(session: Session, person_id: int, panel_id: int, but: int | None) -> list[Case]:
    """The victim's cases in the panel, most recently referred first."""
    conditions = [
        col(Case.victim_person_id) == person_id,
        col(Case.panel_id) == panel_id,
        col(Case.erased_at).is_(None),
    ]
    if but is not None:
        conditions.append(col(Case.id) != but)
    return list(
        session.exec(
            select(Case).where(and_(*conditions)).order_by(col(Case.last_referral_at).desc())
        ).all()
    )


def lock_case(session: Session, case_id: int) -> Case | None:
    case = session.exec(select(Case).where(col(Case.id) == case_id).with_for_update()).first()
    if case is not None:
        session.refresh(case)
    return case
