"""Everyone the panel holds, as a deny-list for the redactor.

docs/PRIVACY.md: what still leaks after a per-case deny-list is people who are not in that case's
record (a neighbour who is the victim of another case, a caseworker called by first name).
So every person linked to any of the panel's referrals or cases, and every member of staff
with a person-like name, is looked for in every narrative. Only the entries whose name (or
street) shares a word with the text are handed to the redactor, which keeps a panel holding
thousands of people fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session

from riskpanel.privacy import KnownPerson, Role
from riskpanel.privacy.namelists import fold
from riskpanel.privacy.vocab import common_words, word_set
from riskpanel.scrutiny.case_text import known_person
from riskpanel.scrutiny.summaries.repository import panel_person_ids, people, staff_names

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
_STREET_WORDS = word_set(
    """
    road street avenue lane close drive crescent terrace gardens grove mews way place square
    parade rise walk court row view green hill park flat apartment house
    """
)


_TOKEN = re.compile(r"[^\W_]+")


def _words(text: str) -> set[str]:
    return {fold(w) for w in _WORD.findall(text)}


def _flat(text: str) -> str:
    """Folded words and numbers, single-spaced and padded, for whole-phrase lookups."""
    return " " + " ".join(fold(w) for w in _TOKEN.findall(text)) + " "


def name_words(person: KnownPerson) -> frozenset[str]:
    """Folded words of the person's names: a text with none of them cannot name the person."""
    out: set[str] = set()
    for name in (person.name, *person.aliases):
        out |= {w for w in _words(name) if len(w) >= 2}
    return frozenset(out)


def _streets(person: KnownPerson) -> tuple[str, ...]:
    """Each address line as a folded phrase ("14 acacia road" and "acacia road")."""
    common = common_words()
    out: list[str] = []
    for address in person.addresses:
        for part in re.split(r"[,\n]", address):
            words = [fold(w) for w in _TOKEN.findall(part)]
            telling = [w for w in words if w.isalpha() and w not in common | _STREET_WORDS]
            if len(words) < 2 or not telling:
                continue
            out.append(" ".join(words))
            if words[0][:1].isdigit() and len(words) >= 3:
                out.append(" ".join(words[1:]))
    return tuple(dict.fromkeys(out))


_NAME_ONLY = {
    "addresses": (),
    "date_of_birth": None,
    "phones": (),
    "emails": (),
    "handles": (),
    "vehicles": (),
    "ni_number": None,
}


@dataclass(frozen=True)
class Entry:
    person_id: int | None  # None for staff
    person: KnownPerson
    names: frozenset[str]
    streets: tuple[str, ...]


def entry(person_id: int | None, person: KnownPerson) -> Entry:
    return Entry(person_id, person, name_words(person), _streets(person))


@dataclass(frozen=True)
class DenyList:
    entries: tuple[Entry, ...] = ()

    def for_text(
        self, text: str, *, own: Sequence[KnownPerson] = (), exclude: Iterable[int] = ()
    ) -> list[KnownPerson]:
        """Everyone else who could be named in ``text``: a name word the case's own people
        do not already account for, or one of their street lines, appears in it."""
        covered = set().union(*(name_words(p) for p in own)) if own else set()
        words = _words(text) - covered
        flat = _flat(text)
        skip = set(exclude)
        found: dict[KnownPerson, None] = {}
        for e in self.entries:
            if e.person_id in skip:
                continue
            if any(f" {s} " in flat for s in e.streets):
                found[e.person] = None
            elif not e.names.isdisjoint(words):
                # Named only: their name forms suffice, and namesakes collapse into one entry
                # (compiling every detail of hundreds of "Joneses" costs seconds per summary).
                found[e.person.model_copy(update=_NAME_ONLY)] = None
        return list(found)

    def __len__(self) -> int:
        return len(self.entries)


_ACCOUNT_WORDS = word_set(
    """
    officer coordinator chair admin administrator auditor team service desk duty panel
    scrutiny police housing support worker manager system account test user inspector
    sergeant constable council department unit office reception shared generic
    """
)


def _person_like(name: str) -> bool:
    """ "Sarah Okafor" is a name; "Police Officer", "Duty Desk" or "Scrutiny" are accounts,
    and putting their words on the deny-list would strip role words from every narrative."""
    words = [fold(w) for w in _WORD.findall(name)]
    if len(words) < 2 or any(w in _ACCOUNT_WORDS for w in words):
        return False
    return any(w not in common_words() for w in words)


def _staff(session: Session) -> list[KnownPerson]:
    names = staff_names(session)
    return [
        KnownPerson(name=n, role=Role.PROFESSIONAL) for n in sorted(set(names)) if _person_like(n)
    ]


def build_deny_list(session: Session, panel_id: int) -> DenyList:
    entries: list[Entry] = []
    for person in people(session, sorted(panel_person_ids(session, panel_id))):
        kp = known_person(person)
        if kp is not None:
            entries.append(entry(person.id, kp))
    entries += [entry(None, kp) for kp in _staff(session)]
    return DenyList(tuple(entries))


def combine(own: Sequence[KnownPerson], others: Sequence[KnownPerson]) -> list[KnownPerson]:
    """The case's own people first (their roles decide the labels), then everyone else.

    A namesake from another case stays in: their address and phone differ from ours.
    """
    seen = set(own)
    return [*own, *(p for p in others if p not in seen)]
