"""The summary queries: a pack's summaries in the order they were drawn, one summary of a
pack (locked when it is about to change), and the people whose names and details every
summary of a panel must not show (the deny-list's sources)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlmodel import Session, col, select

from riskpanel.models import (
    Case,
    CasePerson,
    Incident,
    Person,
    Referral,
    ScrutinyPack,
    ScrutinySummary,
    User,
)

CHUNK = 500


def summaries_of(session: Session, pack: ScrutinyPack) -> list[ScrutinySummary]:
    return list(
        session.exec(
            select(ScrutinySummary)
            .where(col(ScrutinySummary.pack_id) == pack.id)
            .order_by(col(ScrutinySummary.id))
        )
    )


def summary_in_pack(
    session: Session, pack: ScrutinyPack, summary_id: int, *, for_update: bool = False
) -> ScrutinySummary | None:
    query = select(ScrutinySummary).where(
        col(ScrutinySummary.id) == summary_id, col(ScrutinySummary.pack_id) == pack.id
    )
    if for_update:
        query = query.with_for_update()
    return session.exec(query).first()


def panel_person_ids(session: Session, panel_id: int) -> set[int]:
    """Every person linked to the panel's referrals and cases (and records merged into them)."""
    ids: set[int] = set()
    queries = (
        select(CasePerson.person_id)
        .join(Case, col(Case.id) == col(CasePerson.case_id))
        .where(col(Case.panel_id) == panel_id),
        select(Case.victim_person_id).where(col(Case.panel_id) == panel_id),
        select(Referral.victim_person_id).where(col(Referral.panel_id) == panel_id),
        select(Incident.victim_person_id)
        .join(Referral, col(Referral.id) == col(Incident.referral_id))
        .where(col(Referral.panel_id) == panel_id),
    )
    for query in queries:
        ids |= {pid for pid in session.exec(query) if pid}
    for parties in session.exec(
        select(Referral.parties).where(
            col(Referral.panel_id) == panel_id, col(Referral.parties).is_not(None)
        )
    ):
        ids |= {p["person_id"] for p in parties or [] if isinstance(p.get("person_id"), int)}
    if ids:
        merged = select(Person.id).where(col(Person.merged_into_id).in_(sorted(ids)))
        ids |= {pid for pid in session.exec(merged) if pid}
    return ids


def people(session: Session, ids: Sequence[int]) -> Iterator[Person]:
    """The people with these ids, read in chunks to stay under the drivers' parameter limits."""
    for start in range(0, len(ids), CHUNK):
        yield from session.exec(
            select(Person).where(col(Person.id).in_(ids[start : start + CHUNK]))
        )


def staff_names(session: Session) -> list[str]:
    """Display names of every account but the system's own."""
    return list(session.exec(select(User.display_name).where(col(User.role) != "system")))
