"""Every query retention makes: what is due (and what a legal hold keeps), the erasing
UPDATEs of a plan, the erased records' victims for the audit events, and the erased stamp.

Ids are read and written in chunks, so a large first run stays under the drivers' limits on
bound parameters.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, not_, or_, select, update
from sqlmodel import Session, col

from riskpanel.kit.principal import Principal
from riskpanel.models import Case, CasePerson, LegalHold, Person, Referral, utcnow
from riskpanel.retention.erasure import ERASED, Scrub

CHUNK = 500


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


def chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    batch: list[int] = []
    for item in ids:
        batch.append(item)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def apply_plan(session: Session, plan: tuple[Scrub, ...], ids: list[int]) -> list[str]:
    """Run every scrub for ``ids``; returns the field names cleared (for the audit event).

    Bulk UPDATEs skip the identity map: callers re-read what they need afterwards.
    """
    for batch in chunks(ids):
        for scrub in plan:
            statement = update(scrub.model).where(scrub.where(batch)).values(**scrub.values)
            session.execute(statement.execution_options(synchronize_session=False))
    return [name for scrub in plan for name in scrub.field_names]


def case_victims(session: Session, ids: list[int]) -> dict[int, int | None]:
    """Each case's victim, so the erasure's audit event names the person it concerned."""
    victims: dict[int, int | None] = {}
    for batch in chunks(ids):
        rows = session.execute(
            select(col(Case.id), col(Case.victim_person_id)).where(col(Case.id).in_(batch))
        ).all()
        victims.update({case_id: victim for case_id, victim in rows})
    return victims


def stamp(session: Session, model: Any, ids: list[int], **values: Any) -> None:
    for batch in chunks(ids):
        session.execute(
            model.__table__.update().where(model.__table__.c.id.in_(batch)).values(**values)
        )


def case_summaries(session: Session, ids: list[int]) -> list[Any]:
    """(reference, closed_at) of each case, in id order: what a person checks before a run."""
    query = select(col(Case.reference), col(Case.closed_at)).where(col(Case.id).in_(ids))
    return list(session.execute(query.order_by(col(Case.id))).all())


def open_hold(session: Session, case_id: int) -> LegalHold | None:
    """The case's hold not yet lifted, if its record exists."""
    query = select(LegalHold).where(
        col(LegalHold.case_id) == case_id, col(LegalHold.lifted_at).is_(None)
    )
    return session.execute(query.order_by(col(LegalHold.id).desc())).scalars().first()


def record_hold(
    session: Session, principal: Principal, case: Case, hold: bool, reason: str | None
) -> None:
    """The hold's record: a new row when placed, the same row stamped when lifted. Placing
    it again (the command line) keeps the first record."""
    current = open_hold(session, case.id or 0)
    if hold and current is None:
        session.add(
            LegalHold(
                case_id=case.id or 0,
                reason=reason,
                placed_by_user_id=principal.user_id,
                placed_by=principal.label,
            )
        )
    elif not hold and current is not None:
        current.lift_reason, current.lifted_at = reason, utcnow()
        current.lifted_by_user_id, current.lifted_by = principal.user_id, principal.label
        session.add(current)


def held_cases(session: Session) -> list[tuple[Case, LegalHold | None]]:
    """Cases under a legal hold with their open hold's record (none if the command line
    placed it before holds were recorded), the newest hold first."""
    query = (
        select(Case, LegalHold)
        .outerjoin(
            LegalHold,
            (col(LegalHold.case_id) == col(Case.id)) & col(LegalHold.lifted_at).is_(None),
        )
        .where(col(Case.legal_hold).is_(True), col(Case.erased_at).is_(None))
        .order_by(col(LegalHold.placed_at).desc().nulls_last(), col(Case.id).desc())
    )
    return [(case, hold) for case, hold in session.execute(query).all()]


def own_case_id(session: Session, reference: str, panel_id: int | None) -> int | None:
    query = select(col(Case.id)).where(
        col(Case.reference) == reference, col(Case.panel_id) == panel_id
    )
    return session.execute(query).scalars().first()
