"""Queries for people: the matching prefilter, who belongs to a panel, match pairs, and
moving every link of a merged record to the survivor."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, union, update
from sqlmodel import Session, col, select

from riskpanel.db import contains_any
from riskpanel.models import (
    Case,
    CasePerson,
    Incident,
    Person,
    PersonMatch,
    Referral,
    SupportReferral,
    VictimEntitlement,
    VictimUpdate,
)
from riskpanel.people.match_keys import name_key, tidy_postcode, transposed

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


LINKS: tuple[tuple[str, Any, str], ...] = (
    ("referral.victim_person_id", Referral, "victim_person_id"),
    ("incident.victim_person_id", Incident, "victim_person_id"),
    ("case_file.victim_person_id", Case, "victim_person_id"),
    ("victim_entitlement.person_id", VictimEntitlement, "person_id"),
    ("support_referral.person_id", SupportReferral, "person_id"),
    ("victim_update.person_id", VictimUpdate, "person_id"),
)


def move_parties(session: Session, survivor_id: int, merged_id: int) -> int:
    """Case parties move too; a duplicate (same case and role) of the survivor is dropped."""
    moved = 0
    for party in session.exec(select(CasePerson).where(col(CasePerson.person_id) == merged_id)):
        clash = session.exec(
            select(CasePerson).where(
                col(CasePerson.case_id) == party.case_id,
                col(CasePerson.person_id) == survivor_id,
                col(CasePerson.role) == party.role,
            )
        ).first()
        if clash is not None:
            session.delete(party)
        else:
            party.person_id = survivor_id
            session.add(party)
        moved += 1
    return moved


def repoint_suggestions(session: Session, survivor_id: int, merged_id: int) -> None:
    """Open suggestions about the merged record become suggestions about the survivor."""
    rows = session.exec(
        select(PersonMatch).where(
            col(PersonMatch.status) == "suggested",
            (col(PersonMatch.person_a_id) == merged_id)
            | (col(PersonMatch.person_b_id) == merged_id),
        )
    ).all()
    for match in rows:
        other = match.person_b_id if match.person_a_id == merged_id else match.person_a_id
        low, high = sorted((other, survivor_id))
        taken = session.exec(
            select(PersonMatch).where(
                col(PersonMatch.person_a_id) == low, col(PersonMatch.person_b_id) == high
            )
        ).first()
        if other == survivor_id or taken is not None:
            match.status = "superseded"
        else:
            match.person_a_id, match.person_b_id = low, high
        session.add(match)


def move_links(session: Session, survivor_id: int, merged_id: int) -> dict[str, int]:
    """Point every foreign key (``LINKS``) at ``survivor_id``; returns the rows moved, by link."""
    moved: dict[str, int] = {}
    for label, model, column in LINKS:
        result = session.execute(
            update(model)
            .where(getattr(model, column) == merged_id)
            .values({column: survivor_id})
            .execution_options(synchronize_session="fetch")
        )
        count = int(getattr(result, "rowcount", 0) or 0)
        if count:
            moved[label] = count
    return moved


def named(q: str) -> ColumnElement[bool]:
    """The person (joined by the caller's query) has a name containing ``q``: given, family
    or both, in any letter case, with ``%`` and ``_`` taken literally (the lists' search)."""
    given = func.coalesce(col(Person.given_name), "")
    family = func.coalesce(col(Person.family_name), "")
    whole = (given + " " + family).icontains(q, autoescape=True)
    # Any word of q that is in "given family" is in one of the two parts (a word has no
    # space), and the name's trigram index answers that; the whole text is then checked.
    word = max(q.split(), key=len, default="")
    if not word:
        return whole
    return and_(contains_any(word, Person.given_name, Person.family_name), whole)
