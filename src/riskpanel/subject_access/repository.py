"""Every query a subject access report makes: the person's cases and open referrals, each
case's records in the order they happened, agency names, and the access log's events about
the person or their cases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from riskpanel.models import (
    Action,
    Agency,
    AuditEvent,
    Case,
    CaseHistory,
    CasePerson,
    Incident,
    IncidentStrand,
    MinuteEntry,
    Person,
    Referral,
    RiskAssessment,
    SharedInformation,
    SupportReferral,
    VictimUpdate,
)
from riskpanel.people.repository import in_panel


def find_people(
    session: Session,
    *,
    family_name: str,
    given_name: str | None,
    date_of_birth: date | None,
    panel_id: int | None,
    limit: int = 50,
) -> Sequence[Person]:
    """People held now (not erased, not merged into another record) by family name, and by
    given name and date of birth when given; only those ``panel_id`` holds when it is set."""
    query = select(Person).where(
        func.lower(col(Person.family_name)) == family_name.lower(),
        col(Person.erased_at).is_(None),
        col(Person.merged_into_id).is_(None),
    )
    if given_name:
        query = query.where(func.lower(col(Person.given_name)) == given_name.lower())
    if date_of_birth:
        query = query.where(col(Person.date_of_birth) == date_of_birth)
    if panel_id is not None:
        query = query.where(in_panel(panel_id))
    order = (col(Person.given_name), col(Person.date_of_birth), col(Person.id))
    return session.exec(query.order_by(*order).limit(limit)).all()


def subject_cases(session: Session, person_id: int) -> list[tuple[Case, str]]:
    """Each case the person is in, with their role (victim first if several)."""
    roles: dict[int, str] = {}
    for case in session.exec(select(Case).where(Case.victim_person_id == person_id)).all():
        roles[case.id or 0] = "victim"
    for link in session.exec(select(CasePerson).where(CasePerson.person_id == person_id)).all():
        roles.setdefault(link.case_id, link.role)
    cases = session.exec(select(Case).where(col(Case.id).in_(list(roles)))).all()
    return [(c, roles[c.id or 0]) for c in sorted(cases, key=lambda c: c.id or 0)]


def agency_names(session: Session) -> dict[int | None, str]:
    return {a.id: a.name for a in session.exec(select(Agency)).all()}


def case_parties(session: Session, case_id: int | None) -> Sequence[CasePerson]:
    return session.exec(select(CasePerson).where(CasePerson.case_id == case_id)).all()


def case_referrals(session: Session, case_id: int | None) -> Sequence[Referral]:
    query = select(Referral).where(Referral.case_id == case_id)
    return session.exec(query.order_by(col(Referral.id))).all()


def case_actions(session: Session, case_id: int | None) -> Sequence[Action]:
    return session.exec(
        select(Action).where(Action.case_id == case_id).order_by(col(Action.id))
    ).all()


def case_history(session: Session, case_id: int | None) -> Sequence[CaseHistory]:
    query = select(CaseHistory).where(CaseHistory.case_id == case_id)
    return session.exec(query.order_by(col(CaseHistory.id))).all()


def case_incidents(session: Session, case_id: int | None) -> Sequence[Incident]:
    query = select(Incident).where(Incident.case_id == case_id)
    return session.exec(query.order_by(col(Incident.occurred_on))).all()


def incident_strands(session: Session, incident_ids: Iterable[int]) -> dict[int, list[str]]:
    strands: dict[int, list[str]] = defaultdict(list)
    ids = list(incident_ids)
    if ids:
        query = select(IncidentStrand).where(col(IncidentStrand.incident_id).in_(ids))
        for st in session.exec(query).all():
            strands[st.incident_id].append(st.strand)
    return strands


def case_assessments(session: Session, case_id: int | None) -> Sequence[RiskAssessment]:
    query = select(RiskAssessment).where(RiskAssessment.case_id == case_id)
    return session.exec(query.order_by(col(RiskAssessment.assessed_at))).all()


def victim_updates(
    session: Session, case_id: int | None, person_id: int | None
) -> Sequence[VictimUpdate]:
    query = select(VictimUpdate).where(
        VictimUpdate.case_id == case_id, VictimUpdate.person_id == person_id
    )
    return session.exec(query).all()


def support_referrals(
    session: Session, case_id: int | None, person_id: int | None
) -> Sequence[SupportReferral]:
    query = select(SupportReferral).where(
        SupportReferral.case_id == case_id, SupportReferral.person_id == person_id
    )
    return session.exec(query).all()


def shared_at_meetings(session: Session, case_id: int | None) -> Sequence[SharedInformation]:
    return session.exec(
        select(SharedInformation)
        .join(MinuteEntry, col(MinuteEntry.id) == col(SharedInformation.minute_entry_id))
        .where(MinuteEntry.case_id == case_id)
        .order_by(col(SharedInformation.id))
    ).all()


def referrals_without_case(session: Session, person_id: int | None) -> Sequence[Referral]:
    return session.exec(
        select(Referral)
        .where(Referral.victim_person_id == person_id, col(Referral.case_id).is_(None))
        .order_by(col(Referral.id))
    ).all()


def events_about(
    session: Session, person_id: int, case_ids: list[int], actions: Iterable[str]
) -> Sequence[AuditEvent]:
    """Access-log events about the person or any of their cases, oldest first."""
    about = [col(AuditEvent.person_id) == person_id]
    if case_ids:
        about.append(col(AuditEvent.case_id).in_(case_ids))
    return session.exec(
        select(AuditEvent)
        .where(or_(*about), col(AuditEvent.action).in_(sorted(actions)))
        .order_by(col(AuditEvent.id))
    ).all()
