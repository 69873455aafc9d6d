"""Finding what the retention policy says is due, erasing it, and legal holds.

``run`` erases in the caller's transaction; the CLI commits it with ``--apply`` and rolls
it back otherwise, so a dry run reports exactly what a real run would do, people whose
last record goes included. A legal hold on a case, or on anyone in it, keeps the case;
a hold on a person keeps that person. Every erasure is an audit event (action erasure).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, not_, or_, select
from sqlmodel import Session, col

from riskpanel.audit.service import record
from riskpanel.kit.errors import NotFound
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import Case, CasePerson, Person, Referral
from riskpanel.models.enums import AuditAction
from riskpanel.retention.erasure import (
    CASE_PLAN,
    ERASED,
    PERSON_PLAN,
    REFERRAL_PLAN,
    Scrub,
    apply_plan,
    chunks,
)
from riskpanel.retention.policy import RecordType, RetentionPolicy, cutoff

RETENTION = Principal(role=Role.SYSTEM, label="riskpanel retention")


@dataclass
class RetentionReport:
    now: datetime
    erased: dict[str, list[int]] = field(default_factory=dict)
    held: dict[str, list[int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "now": self.now.isoformat(),
            "erased": {k: len(v) for k, v in self.erased.items()},
            "held": {k: len(v) for k, v in self.held.items()},
            "ids": self.erased,
            "held_ids": self.held,
        }


def _held_person(column: object) -> ColumnElement[bool]:
    return col(column).in_(select(col(Person.id)).where(col(Person.legal_hold).is_(True)))


def _case_held() -> ColumnElement[bool]:
    party_held = exists().where(
        col(CasePerson.case_id) == col(Case.id), _held_person(CasePerson.person_id)
    )
    return or_(col(Case.legal_hold).is_(True), _held_person(Case.victim_person_id), party_held)


def _ids(session: Session, query: Select[Any]) -> list[int]:
    return [int(i) for i in session.execute(query).scalars().all()]


def due_cases(session: Session, before: datetime) -> tuple[list[int], list[int]]:
    """(due, held): closed before ``before`` and not yet erased."""
    base = select(col(Case.id)).where(
        col(Case.closed_at).is_not(None),
        col(Case.closed_at) <= before,
        col(Case.erased_at).is_(None),
    )
    order = col(Case.id)
    return (
        _ids(session, base.where(not_(_case_held())).order_by(order)),
        _ids(session, base.where(_case_held()).order_by(order)),
    )


def due_referrals(session: Session, before: datetime) -> tuple[list[int], list[int]]:
    """Referrals that never became or joined a case, received before ``before``."""
    base = select(col(Referral.id)).where(
        col(Referral.case_id).is_(None),
        col(Referral.received_at) <= before,
        col(Referral.narrative) != ERASED,
    )
    held = _held_person(Referral.victim_person_id)
    order = col(Referral.id)
    return (
        _ids(session, base.where(not_(held)).order_by(order)),
        _ids(session, base.where(held).order_by(order)),
    )


def _live_link() -> ColumnElement[bool]:
    """The person still appears in a record that is kept."""
    live_case = col(Case.erased_at).is_(None)
    as_victim = exists().where(col(Case.victim_person_id) == col(Person.id), live_case)
    as_party = exists().where(
        col(CasePerson.person_id) == col(Person.id),
        col(CasePerson.case_id) == col(Case.id),
        live_case,
    )
    open_referral = exists().where(
        col(Referral.victim_person_id) == col(Person.id),
        col(Referral.case_id).is_(None),
        col(Referral.narrative) != ERASED,
    )
    return or_(as_victim, as_party, open_referral)


def _any_link() -> ColumnElement[bool]:
    return or_(
        exists().where(col(Case.victim_person_id) == col(Person.id)),
        exists().where(col(CasePerson.person_id) == col(Person.id)),
        exists().where(col(Referral.victim_person_id) == col(Person.id)),
    )


def due_people(session: Session, unlinked_before: datetime) -> tuple[list[int], list[int]]:
    """People whose every record is erased, or never linked and older than the period."""
    orphaned = or_(_any_link(), col(Person.created_at) <= unlinked_before)
    base = select(col(Person.id)).where(
        col(Person.erased_at).is_(None), not_(_live_link()), orphaned
    )
    order = col(Person.id)
    return (
        _ids(session, base.where(col(Person.legal_hold).is_(False)).order_by(order)),
        _ids(session, base.where(col(Person.legal_hold).is_(True)).order_by(order)),
    )


def _erase(
    session: Session,
    principal: Principal,
    *,
    subject_type: str,
    plan: tuple[Scrub, ...],
    ids: list[int],
    rule: RecordType,
    keep_years: int,
) -> None:
    fields = apply_plan(session, plan, ids)
    victims: dict[int, int | None] = {}
    if subject_type == "case":
        for batch in chunks(ids):
            rows = session.execute(
                select(col(Case.id), col(Case.victim_person_id)).where(col(Case.id).in_(batch))
            ).all()
            victims.update({case_id: victim for case_id, victim in rows})
    for record_id in ids:
        record(
            session=session,
            principal=principal,
            action=AuditAction.ERASURE,
            subject_type=subject_type,
            subject_id=record_id,
            case_id=record_id if subject_type == "case" else None,
            person_id=record_id if subject_type == "person" else victims.get(record_id),
            purpose="retention",
            fields=fields,
            detail={"rule": rule, "keep_years": keep_years},
        )


def _stamp(session: Session, model: Any, ids: list[int], **values: Any) -> None:
    for batch in chunks(ids):
        session.execute(
            model.__table__.update().where(model.__table__.c.id.in_(batch)).values(**values)
        )


def run(
    *, session: Session, policy: RetentionPolicy, now: datetime, principal: Principal = RETENTION
) -> RetentionReport:
    """Erase everything due at ``now``; the caller commits (apply) or rolls back (dry run)."""
    report = RetentionReport(now=now)
    years = policy.period("case").keep_years
    cases, report.held["case"] = due_cases(session, cutoff(now, years))
    _erase(
        session,
        principal,
        subject_type="case",
        plan=CASE_PLAN,
        ids=cases,
        rule="case",
        keep_years=years,
    )
    _stamp(session, Case, cases, route_evidence=[], erased_at=now)
    report.erased["case"] = cases

    years = policy.period("referral_not_accepted").keep_years
    referrals, report.held["referral"] = due_referrals(session, cutoff(now, years))
    _erase(
        session,
        principal,
        subject_type="referral",
        plan=REFERRAL_PLAN,
        ids=referrals,
        rule="referral_not_accepted",
        keep_years=years,
    )
    report.erased["referral"] = referrals

    years = policy.period("unlinked_person").keep_years
    people, report.held["person"] = due_people(session, cutoff(now, years))
    _erase(
        session,
        principal,
        subject_type="person",
        plan=PERSON_PLAN,
        ids=people,
        rule="unlinked_person",
        keep_years=years,
    )
    _stamp(session, Person, people, erased_at=now)
    report.erased["person"] = people
    return report


def set_legal_hold(
    *,
    session: Session,
    principal: Principal,
    hold: bool,
    case_id: int | None = None,
    person_id: int | None = None,
) -> Case | Person:
    """Place or release a legal hold on one case or one person (audited)."""
    if (case_id is None) == (person_id is None):
        raise ValueError("name exactly one of case_id or person_id")
    target: Case | Person | None = (
        session.get(Case, case_id) if case_id is not None else session.get(Person, person_id)
    )
    if target is None:
        raise NotFound("No such case or person.")
    if target.erased_at is not None and hold:
        raise NotFound("That record has already been erased.")
    target.legal_hold = hold
    session.add(target)
    record(
        session=session,
        principal=principal,
        action=AuditAction.ADMINISTRATION,
        subject_type="case" if case_id is not None else "person",
        subject_id=target.id,
        case_id=case_id,
        person_id=person_id if person_id is not None else getattr(target, "victim_person_id", None),
        purpose="retention",
        fields=["legal_hold"],
        detail={"legal_hold": hold},
    )
    return target
