"""Finding the same victim referred twice, and merging only on a coordinator's word.

A merge deletes nothing: the merged record points at the survivor (``merged_into_id``) and
every link (referrals, incidents, case parties, cases, Victims' Code records) moves to the
survivor, so the victim's whole history reads as one. The survivor learns the other
record's name as an alias and fills only facts it lacks, never overwriting what it holds.

Agencies spell one victim several ways; a missed link hides the repeat pattern the panel
exists to see, but a wrong merge joins two people's special category data. So intake only
*suggests* (a ``person_match`` row with the score and the reasons), and a coordinator
confirms or rejects each suggestion. Keyword-only; the caller commits.
"""

from __future__ import annotations

from sqlmodel import Session

from riskpanel.audit.cases import About, record_on
from riskpanel.kit.errors import Conflict, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PANEL_ROLES
from riskpanel.models import (
    Person,
    PersonMatch,
    utcnow,
)
from riskpanel.models.enums import AuditAction
from riskpanel.people import repository as repo
from riskpanel.people.match_keys import display_name, facts_of
from riskpanel.people.schemas import (
    MatchDecisionOut,
    MatchList,
    MatchOut,
    PersonSummary,
)
from riskpanel.risk import MatchSettings, find_candidates

PURPOSE = "screening"
SUMMARY_FIELDS = ["given_name", "family_name", "aliases", "date_of_birth", "postcode"]


def suggest_matches(
    *, session: Session, person: Person, panel_id: int, settings: MatchSettings | None = None
) -> list[PersonMatch]:
    """Record a suggestion for each of the panel's victims who may be ``person`` (no merge)."""
    assert person.id is not None
    pool = repo.victim_candidates(session, person, panel_id)
    found = find_candidates(facts_of(person), [facts_of(p) for p in pool], settings=settings)
    suggestions = []
    for candidate in found:
        other_id = int(str(candidate.person.ref))
        if repo.match_between(session, other_id, person.id) is not None:
            continue
        low, high = sorted((other_id, person.id))
        match = PersonMatch(
            person_a_id=low,
            person_b_id=high,
            score=candidate.score,
            reasons=candidate.result.reasons,
        )
        session.add(match)
        suggestions.append(match)
    session.flush()
    return suggestions


def summary(person: Person) -> PersonSummary:
    return PersonSummary(
        id=person.id or 0,
        name=display_name(person),
        aliases=list(person.aliases or []),
        date_of_birth=person.date_of_birth,
        postcode=person.postcode,
        merged_into_id=person.merged_into_id,
    )


def _held_by(session: Session, person_id: int, panel_id: int) -> bool:
    """The panel holds the person, or the record it was merged into."""
    person = session.get(Person, person_id)
    if person is None:
        return False
    target = person.merged_into_id or person_id
    return repo.person_in_panel(session, target, panel_id) is not None


def _panel_id(principal: Principal) -> int:
    if principal.role not in PANEL_ROLES or principal.panel_id is None:
        raise NotFound()
    return principal.panel_id


def match_out(session: Session, match: PersonMatch, person_id: int, panel_id: int) -> MatchOut:
    other_id = match.person_b_id if match.person_a_id == person_id else match.person_a_id
    person, other = session.get(Person, person_id), session.get(Person, other_id)
    assert person is not None and other is not None  # foreign keys
    cases = repo.cases_of_victim(session, other.merged_into_id or other_id, panel_id)
    return MatchOut(
        id=match.id or 0,
        status=match.status,
        score=match.score,
        reasons=list(match.reasons),
        person=summary(person),
        other=summary(other),
        other_case_references=[c.reference for c in cases],
        decided_at=match.decided_at,
        created_at=match.created_at,
    )


def list_matches(*, session: Session, principal: Principal, person_id: int) -> MatchList:
    """Suggested (and decided) matches for a person the caller's panel holds."""
    panel_id = _panel_id(principal)
    if repo.person_in_panel(session, person_id, panel_id) is None:
        raise NotFound()
    items = []
    for match in repo.matches_of(session, [person_id]):
        other_id = match.person_b_id if match.person_a_id == person_id else match.person_a_id
        if _held_by(session, other_id, panel_id):
            items.append(match_out(session, match, person_id, panel_id))
    record_on(
        session,
        principal,
        AuditAction.CONSULTATION,
        PURPOSE,
        About.person(person_id, "person_matches"),
        fields=SUMMARY_FIELDS,
        detail={"match_ids": [m.id for m in items]},
    )
    return MatchList(person_id=person_id, items=items)


def _visible_match(session: Session, principal: Principal, match_id: int) -> PersonMatch:
    """A match both of whose people the caller's panel holds; otherwise not found."""
    panel_id = _panel_id(principal)
    match = session.get(PersonMatch, match_id)
    if match is None:
        raise NotFound()
    for pid in (match.person_a_id, match.person_b_id):
        if not _held_by(session, pid, panel_id):
            raise NotFound()
    if match.status != "suggested":
        raise Conflict(f"This match was already {match.status}.", extra={"status": match.status})
    return match


def confirm_match(*, session: Session, principal: Principal, match_id: int) -> MatchDecisionOut:
    """Merge the newer record into the older one: links move, nothing is deleted."""
    match = _visible_match(session, principal, match_id)
    survivor = session.get(Person, match.person_a_id)
    merged = session.get(Person, match.person_b_id)
    assert survivor is not None and merged is not None
    _decide(session, principal, match, "confirmed")
    moved = merge_people(session=session, survivor=survivor, merged=merged)
    detail = {"match_id": match.id, "merged_person_id": merged.id, "moved": moved}
    about = About.person(survivor.id)
    logged = sorted(moved)
    record_on(
        session, principal, AuditAction.COMBINATION, PURPOSE, about, fields=logged, detail=detail
    )
    out = match_out(session, match, survivor.id or 0, _panel_id(principal))
    return MatchDecisionOut(match=out, surviving_person_id=survivor.id, moved=moved)


def _decide(session: Session, principal: Principal, match: PersonMatch, status: str) -> None:
    match.status, match.decided_at = status, utcnow()
    match.decided_by_user_id = principal.user_id
    session.add(match)
    session.flush()


def reject_match(*, session: Session, principal: Principal, match_id: int) -> MatchDecisionOut:
    """Two different people: the pair is kept as rejected so it is not suggested again."""
    match = _visible_match(session, principal, match_id)
    _decide(session, principal, match, "rejected")
    subject = About("person_match", match.id)
    fields = ["status", "decided_by_user_id", "decided_at"]
    about = About.person(match.person_b_id, subject)
    record_on(session, principal, AuditAction.ALTERATION, PURPOSE, about, fields=fields)
    out = match_out(session, match, match.person_b_id, _panel_id(principal))
    return MatchDecisionOut(match=out)


# (label, model, column): every foreign key to person.id outside the person tables
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
    moved = repo.move_links(session, survivor.id, merged.id)
    parties = repo.move_parties(session, survivor.id, merged.id)
    if parties:
        moved["case_person.person_id"] = parties
    repo.repoint_suggestions(session, survivor.id, merged.id)
    for name in _absorb(survivor, merged):
        moved[f"person.{name}"] = 1
    merged.merged_into_id = survivor.id
    session.add_all([survivor, merged])
    session.flush()
    return moved
