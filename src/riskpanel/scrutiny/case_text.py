"""The text of one concluded case as its scrutiny summary starts from: every paragraph the
record holds, everyone it names with the most telling role they hold, and the literal values
(references, addresses, contact details) the redactor must find. Plain values in, plain
values out: the rows are read by :mod:`riskpanel.scrutiny.repository`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from riskpanel.models import Case, CasePerson, Incident, Person, Referral
from riskpanel.privacy import KnownPerson, Role
from riskpanel.scrutiny.facts import CaseText

ROLE_OF = {
    "victim": Role.VICTIM,
    "perpetrator": Role.PERPETRATOR,
    "witness": Role.WITNESS,
    "household_member": Role.HOUSEHOLD,
}
_ROLE_RANK = [Role.VICTIM, Role.PERPETRATOR, Role.WITNESS, Role.HOUSEHOLD, Role.OTHER]


@dataclass(frozen=True)
class Told:
    """What the record says about one case: its people, referrals, incidents and actions."""

    case_people: Sequence[CasePerson]
    referrals: Sequence[Referral]
    incidents: Sequence[Incident]
    action_texts: tuple[str, ...]


def roles_in(case: Case, told: Told) -> dict[int, Role]:
    """Each person the case names, with the most telling role they hold in it."""
    found: dict[int, list[Role]] = defaultdict(list)
    if case.victim_person_id:
        found[case.victim_person_id].append(Role.VICTIM)
    for cp in told.case_people:
        if cp.person_id:
            found[cp.person_id].append(ROLE_OF.get(cp.role, Role.OTHER))
    for referral in told.referrals:
        found[referral.victim_person_id].append(Role.VICTIM)
        for party in referral.parties or []:
            pid = party.get("person_id")
            if isinstance(pid, int):
                found[pid].append(ROLE_OF.get(str(party.get("role")), Role.OTHER))
    for inc in told.incidents:
        found[inc.victim_person_id].append(Role.VICTIM)
    return {pid: min(roles, key=_ROLE_RANK.index) for pid, roles in found.items()}


def case_text(
    case: Case, told: Told, roles: Mapping[int, Role], people: Mapping[int, Person]
) -> CaseText:
    """``people``: the records of the people in ``roles``, by id."""
    ordered = sorted(roles, key=lambda pid: (_ROLE_RANK.index(roles[pid]), pid))
    known = [kp for pid in ordered if (kp := known_person(people.get(pid), roles[pid]))]
    referrals, incidents = told.referrals, told.incidents
    paragraphs = [r.narrative for r in referrals if r.narrative.strip()]
    paragraphs += [
        f"Why the victim thinks they were targeted: {r.why_answer}"
        for r in referrals
        if r.why_answer.strip()
    ]
    paragraphs += [i.description for i in incidents if i.description and i.description.strip()]
    return CaseText(
        paragraphs=tuple(paragraphs),
        action_texts=told.action_texts,
        people=tuple(known),
        person_ids=frozenset(roles),
        literals=tuple(_literals(case, referrals, incidents, people.values())),
    )


def _literals(
    case: Case,
    referrals: Iterable[Referral],
    incidents: Iterable[Incident],
    people: Iterable[Person],
) -> Iterator[tuple[str, str]]:
    yield case.reference, "reference"
    for r in referrals:
        yield r.reference, "reference"
    for i in incidents:
        if i.crime_reference:
            yield i.crime_reference, "crime_ref"
        if i.location:
            yield i.location, "address"
        if i.handle:
            yield i.handle, "handle"
    for p in people:  # also caught through the person's record; needed for nameless ones
        for value, kind in (
            (p.address_line, "address"),
            (p.postcode, "postcode"),
            (p.phone, "phone"),
            (p.email, "email"),
        ):
            if value and value.strip():
                yield value, kind


def known_person(person: Person | None, role: Role = Role.OTHER) -> KnownPerson | None:
    """A person as the redactor knows them: every name, address and contact detail held."""
    if person is None:
        return None
    name = " ".join(x.strip() for x in (person.given_name, person.family_name) if x and x.strip())
    aliases = tuple(a for a in person.aliases if isinstance(a, str) and a.strip())
    if not any(c.isalpha() for c in name):
        if not aliases:
            return None
        name, aliases = aliases[0], aliases[1:]
    address = ", ".join(x for x in (person.address_line, person.postcode) if x)
    return KnownPerson(
        name=name,
        role=role,
        aliases=tuple(a for a in aliases if any(c.isalpha() for c in a)),
        addresses=(address,) if address else (),
        date_of_birth=person.date_of_birth,
        phones=(person.phone,) if person.phone else (),
        emails=(person.email,) if person.email else (),
    )
