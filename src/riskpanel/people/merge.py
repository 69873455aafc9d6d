"""Merging two records of one person after a coordinator confirmed the match.

Nothing is deleted: the merged record points at the survivor (``merged_into_id``) and every
link (referrals, incidents, case parties, cases, Victims' Code records) moves to the
survivor, so the victim's whole history reads as one. The survivor learns the other record's
name as an alias and fills only facts it lacks, never overwriting what it holds.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

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
from riskpanel.people.keys import display_name

# (label, model, column): every foreign key to person.id outside the person tables
LINKS: tuple[tuple[str, Any, str], ...] = (
    ("referral.victim_person_id", Referral, "victim_person_id"),
    ("incident.victim_person_id", Incident, "victim_person_id"),
    ("case_file.victim_person_id", Case, "victim_person_id"),
    ("victim_entitlement.person_id", VictimEntitlement, "person_id"),
    ("support_referral.person_id", SupportReferral, "person_id"),
    ("victim_update.person_id", VictimUpdate, "person_id"),
)
FILLABLE = (
    "date_of_birth",
    "address_line",
    "postcode",
    "district",
    "ward",
    "phone",
    "email",
    "language",
    "accessibility_needs",
)


def _move_parties(session: Session, survivor_id: int, merged_id: int) -> int:
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


def _repoint_suggestions(session: Session, survivor_id: int, merged_id: int) -> None:
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


def _absorb(survivor: Person, merged: Person) -> list[str]:
    filled = []
    for name in FILLABLE:
        if getattr(survivor, name) in (None, "") and getattr(merged, name) not in (None, ""):
            setattr(survivor, name, getattr(merged, name))
            filled.append(name)
    aliases = list(survivor.aliases or [])
    for alias in [display_name(merged), *(merged.aliases or [])]:
        if alias and alias != display_name(survivor) and alias not in aliases:
            aliases.append(alias)
    if aliases != list(survivor.aliases or []):
        survivor.aliases = aliases
        filled.append("aliases")
    return filled


def merge_people(*, session: Session, survivor: Person, merged: Person) -> dict[str, int]:
    """Move every link from ``merged`` to ``survivor``; returns what moved, by link."""
    assert survivor.id is not None and merged.id is not None
    session.flush()
    moved: dict[str, int] = {}
    for label, model, column in LINKS:
        result = session.execute(
            update(model)
            .where(getattr(model, column) == merged.id)
            .values({column: survivor.id})
            .execution_options(synchronize_session="fetch")
        )
        count = int(getattr(result, "rowcount", 0) or 0)
        if count:
            moved[label] = count
    parties = _move_parties(session, survivor.id, merged.id)
    if parties:
        moved["case_person.person_id"] = parties
    _repoint_suggestions(session, survivor.id, merged.id)
    for name in _absorb(survivor, merged):
        moved[f"person.{name}"] = 1
    merged.merged_into_id = survivor.id
    session.add_all([survivor, merged])
    session.flush()
    return moved
