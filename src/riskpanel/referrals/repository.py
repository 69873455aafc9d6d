"""Queries for referrals: who may see which, and the parts a referral is made of."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import ColumnElement, and_, exists, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, delete, select

from riskpanel.access.membership import is_current_member
from riskpanel.access.service import (
    access_cutoff,
    agency_may_receive,
    case_within_reach,
)
from riskpanel.db import contains_any, fetch_page, narrowed
from riskpanel.kit.errors import NotFound
from riskpanel.kit.paging import ListQuery, Page, PageRequest
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PANEL_ROLES
from riskpanel.models import (
    Case,
    Incident,
    IncidentStrand,
    Person,
    Referral,
    RiskAssessment,
)
from riskpanel.people.repository import named


def referral_filter(principal: Principal, *, access_days_after_closure: int) -> ColumnElement[bool]:
    """Panel roles: their panel's referrals. Agencies: the referrals they made, under the
    same limits as the case each became (closed within the access window, not erased)."""
    if principal.role in PANEL_ROLES and principal.panel_id is not None:
        return col(Referral.panel_id) == principal.panel_id
    if principal.is_agency and principal.agency_id is not None:
        in_reach = exists().where(
            col(Case.id) == col(Referral.case_id),
            case_within_reach(access_cutoff(access_days_after_closure)),
        )
        return and_(
            col(Referral.referring_agency_id) == principal.agency_id,
            or_(col(Referral.case_id).is_(None), in_reach),
        )
    return col(Referral.id) == -1


def visible_referral(
    session: Session,
    principal: Principal,
    referral_id: int,
    *,
    access_days_after_closure: int = 0,
    lock: bool = False,
) -> Referral:
    """The referral, or NotFound: missing, out of reach, or its agency's sharing agreement is
    not in force. Without a window given, an agency reaches no closed case's referral."""
    where = referral_filter(principal, access_days_after_closure=access_days_after_closure)
    query = select(Referral).where(col(Referral.id) == referral_id, where)
    if lock:
        query = query.with_for_update()
    referral = session.exec(query).first()
    if referral is None or not agency_may_receive(session, principal):
        raise NotFound()
    return referral


def is_member(session: Session, panel_id: int, agency_id: int, today: date) -> bool:
    """A member on the day: started (or no start date) and not yet left."""
    return is_current_member(session=session, panel_id=panel_id, agency_id=agency_id, on=today)


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


def clear_strands(session: Session, incident_id: int) -> None:
    """Drop an incident's strands before the coordinator's correction is stored."""
    session.execute(delete(IncidentStrand).where(col(IncidentStrand.incident_id) == incident_id))


def referral_page(
    session: Session,
    where: ColumnElement[bool],
    *,
    status: str | None,
    after: int | None,
    limit: int,
) -> list[Referral]:
    """The visible referrals after the cursor, in id order."""
    query = select(Referral).where(where)
    if status:
        query = query.where(col(Referral.status) == status)
    if after is not None:
        query = query.where(col(Referral.id) > after)
    return list(session.exec(query.order_by(col(Referral.id)).limit(limit)).all())


def referral_list(
    session: Session,
    where: ColumnElement[bool],
    query: ListQuery,
    *,
    names: bool,
    page: PageRequest,
    only: list[int] | None = None,
) -> Page[tuple[Referral, Person | None, str | None]]:
    """The web's referral list: newest first, each with its victim and its case's risk.
    ``only``: the referrals a filter computed elsewhere chose (missed Victims' Code dates)."""
    linked = aliased(Case)  # the visibility rule correlates its own Case subquery
    stmt = (
        select(Referral, Person, linked.risk_level)
        .outerjoin(Person, col(Person.id) == col(Referral.victim_person_id))
        .outerjoin(linked, col(linked.id) == col(Referral.case_id))
        .where(where)
    )
    q = query.q
    by_reference = contains_any(q, Referral.reference, linked.reference)
    stmt = narrowed(
        stmt,
        [
            (query.state, col(Referral.status) == query.state),
            (query.risk, col(linked.risk_level) == query.risk),
            (query.agency_id is not None, col(Referral.referring_agency_id) == query.agency_id),
            (only is not None, col(Referral.id).in_(only or [-1])),
            (q, or_(by_reference, *([named(q)] if names else []))),
        ],
    )
    order = (col(Referral.received_at).desc(), col(Referral.id).desc())
    return fetch_page(session, stmt.order_by(*order), page)
