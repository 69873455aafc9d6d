"""Intelligence's queries: the panel's other cases sharing a perpetrator key, a place or an
account with one case. Ids are found first (one indexed lookup per key), then their cases,
so no table is scanned."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import union
from sqlmodel import Session, col, select

from riskpanel.models import Case, CasePerson, Incident, Person
from riskpanel.models.enums import CaseRole


def perpetrator_pool(
    session: Session, case: Case, person: Person, name_keys: set[str]
) -> list[tuple[Person, Case]]:
    """Perpetrators of the panel's other cases sharing a key with ``person``."""
    lookups: list[Any] = [select(Person.id).where(col(Person.id) == person.id)]
    if name_keys:
        lookups.append(select(Person.id).where(col(Person.name_key).in_(name_keys)))
    if person.date_of_birth:
        lookups.append(select(Person.id).where(col(Person.date_of_birth) == person.date_of_birth))
    ids = list(session.execute(union(*lookups).limit(2000)).scalars())
    rows = session.exec(
        select(Person, Case)
        .join(CasePerson, col(CasePerson.person_id) == col(Person.id))
        .join(Case, col(Case.id) == col(CasePerson.case_id))
        .where(
            col(CasePerson.person_id).in_(ids),
            col(CasePerson.role) == CaseRole.PERPETRATOR.value,
            col(Case.panel_id) == case.panel_id,
            col(Case.id) != case.id,
            col(Case.erased_at).is_(None),
        )
        .limit(500)
    ).all()
    return [(p, c) for p, c in rows]


def cases_sharing_key(
    session: Session, case: Case, column: str, values: list[str]
) -> list[tuple[str, Case]]:
    """(key, case) for the panel's other cases with an incident holding one of ``values`` in
    ``column`` (``location_key`` or ``handle_key``)."""
    key_col = getattr(Incident, column)
    rows = session.exec(
        select(key_col, Case)
        .join(Case, col(Case.id) == col(Incident.case_id))
        .where(
            key_col.in_(values),
            col(Case.panel_id) == case.panel_id,
            col(Case.id) != case.id,
            col(Case.erased_at).is_(None),
        )
    ).all()
    return [(key, other) for key, other in rows]


def perpetrators_of(session: Session, case_id: int) -> Sequence[Person]:
    return session.exec(
        select(Person)
        .join(CasePerson, col(CasePerson.person_id) == col(Person.id))
        .where(col(CasePerson.case_id) == case_id, col(CasePerson.role) == "perpetrator")
        .order_by(col(Person.id))
    ).all()


def incidents_of(session: Session, case_id: int) -> Sequence[Incident]:
    return session.exec(select(Incident).where(col(Incident.case_id) == case_id)).all()
