"""Queries for people: the matching prefilter, who belongs to a panel, and match pairs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, exists, or_, union
from sqlmodel import Session, col, select

from riskpanel.models import Case, CasePerson, Person, PersonMatch, Referral
from riskpanel.people.keys import name_key, tidy_postcode, transposed

CANDIDATE_LIMIT = 500


def in_panel(panel_id: int) -> ColumnElement[bool]:
    """A person the panel holds: the victim of one of its referrals or a party to its cases."""
    as_victim = exists().where(
        col(Referral.victim_person_id) == col(Person.id), col(Referral.panel_id) == panel_id
    )
    as_party = exists().where(
        col(CasePerson.person_id) == col(Person.id),
        col(CasePerson.case_id) == col(Case.id),
        col(Case.panel_id) == panel_id,
    )
    return or_(as_victim, as_party)


def person_in_panel(session: Session, person_id: int, panel_id: int) -> Person | None:
    return session.exec(
        select(Person).where(
            col(Person.id) == person_id, col(Person.erased_at).is_(None), in_panel(panel_id)
        )
    ).first()


def victim_candidates(session: Session, person: Person, panel_id: int) -> list[Person]:
    """Victims of the panel's referrals sharing a blocking key with ``person``.

    Three short steps, each an index lookup by value lists: ids sharing a key (one lookup
    per key, united), those that are the panel's victims, then the people by primary key.
    The one-statement form (an OR across three columns, or a correlated EXISTS) lets
    PostgreSQL pick plans that scan the person or referral table, the slow path at scale.
    """
    lookups: list[Any] = []
    key = name_key(person.given_name, person.family_name)
    if key:
        lookups.append(select(Person.id).where(col(Person.name_key) == key))
    dobs = transposed(person.date_of_birth)
    if dobs:
        lookups.append(select(Person.id).where(col(Person.date_of_birth).in_(dobs)))
    postcode = tidy_postcode(person.postcode)
    if postcode:
        lookups.append(select(Person.id).where(col(Person.postcode) == postcode))
    if not lookups:
        return []
    ids = [i for i in session.execute(union(*lookups).limit(CANDIDATE_LIMIT * 4)).scalars() if i]
    if not ids:
        return []
    victims = session.exec(
        select(Referral.victim_person_id).where(
            col(Referral.victim_person_id).in_(ids), col(Referral.panel_id) == panel_id
        )
    ).all()
    query = select(Person).where(
        col(Person.id).in_(set(victims) - {person.id}),
        col(Person.merged_into_id).is_(None),
        col(Person.erased_at).is_(None),
    )
    found = sorted(session.exec(query).all(), key=lambda p: p.id or 0)
    return found[:CANDIDATE_LIMIT]


def match_between(session: Session, a_id: int, b_id: int) -> PersonMatch | None:
    low, high = sorted((a_id, b_id))
    return session.exec(
        select(PersonMatch).where(
            col(PersonMatch.person_a_id) == low, col(PersonMatch.person_b_id) == high
        )
    ).first()


def matches_of(session: Session, person_ids: Iterable[int]) -> list[PersonMatch]:
    ids = list(person_ids)
    if not ids:
        return []
    return list(
        session.exec(
            select(PersonMatch)
            .where(
                or_(col(PersonMatch.person_a_id).in_(ids), col(PersonMatch.person_b_id).in_(ids))
            )
            .order_by(col(PersonMatch.score).desc(), col(PersonMatch.id))
        ).all()
    )


def cases_of_victim(session: Session, person_id: int, panel_id: int) -> list[Case]:
    return list(
        session.exec(
            select(Case)
            .where(
                col(Case.victim_person_id) == person_id,
                col(Case.panel_id) == panel_id,
                col(Case.erased_at).is_(None),
            )
            .order_by(col(Case.last_referral_at).desc())
        ).all()
    )
