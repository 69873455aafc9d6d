"""Queries that assemble a case's parts; kept apart so the service reads as use cases."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select

from riskpanel.models import (
    Case,
    CaseHistory,
    CasePerson,
    Incident,
    IncidentStrand,
    Person,
    Referral,
    RiskAssessment,
)


def latest_referral(session: Session, case_id: int) -> Referral | None:
    return session.exec(
        select(Referral)
        .where(Referral.case_id == case_id)
        .order_by(col(Referral.received_at).desc(), col(Referral.id).desc())
        .limit(1)
    ).first()


def parties(session: Session, case_id: int) -> list[tuple[CasePerson, Person | None]]:
    rows = session.exec(
        select(CasePerson, Person)
        .join(Person, col(Person.id) == col(CasePerson.person_id), isouter=True)
        .where(CasePerson.case_id == case_id)
        .order_by(col(CasePerson.id))
    ).all()
    return [(cp, p) for cp, p in rows]


def incidents_with_strands(
    session: Session, case_id: int
) -> list[tuple[Incident, list[IncidentStrand]]]:
    incidents = session.exec(
        select(Incident).where(Incident.case_id == case_id).order_by(col(Incident.occurred_on))
    ).all()
    ids = [i.id for i in incidents]
    strands: dict[int, list[IncidentStrand]] = defaultdict(list)
    if ids:
        for s in session.exec(
            select(IncidentStrand).where(col(IncidentStrand.incident_id).in_(ids))
        ).all():
            strands[s.incident_id].append(s)
    return [(i, sorted(strands[i.id or 0], key=lambda s: s.strand)) for i in incidents]


def assessments(session: Session, case_id: int) -> list[RiskAssessment]:
    return list(
        session.exec(
            select(RiskAssessment)
            .where(RiskAssessment.case_id == case_id)
            .order_by(col(RiskAssessment.assessed_at), col(RiskAssessment.id))
        ).all()
    )


def history(session: Session, case_id: int) -> list[CaseHistory]:
    return list(
        session.exec(
            select(CaseHistory)
            .where(CaseHistory.case_id == case_id)
            .order_by(col(CaseHistory.at), col(CaseHistory.id))
        ).all()
    )


def lock_case(session: Session, case_id: int) -> Case | None:
    """Row lock for a state change (PostgreSQL); SQLite's BEGIN IMMEDIATE already serialises."""
    return session.exec(select(Case).where(Case.id == case_id).with_for_update()).first()
