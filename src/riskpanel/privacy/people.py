"""The case's own people and every form their names and details take in a narrative.

The deny-list built from the structured record is what takes the record's own people to full
recall (docs/PRIVACY.md): a name is looked for whole, reversed ("SMITH, John"), by surname or given
name alone, in capitals, with initials, with or without diacritics, hyphens and apostrophes,
and by each alias. Details (addresses, phones, emails, handles, registrations, NI number,
date of birth) are looked for in any spacing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from riskpanel.privacy.namelists import fold
from riskpanel.privacy.spans import PERSON, Candidate
from riskpanel.privacy.vocab import ACRONYMS, HOSTILITY_WORDS, PARTICLES, common_words, word_set


class Role(StrEnum):
    VICTIM = "victim"
    PERPETRATOR = "perpetrator"
    WITNESS = "witness"
    HOUSEHOLD = "household"
    PROFESSIONAL = "professional"
    OTHER = "other"


class KnownPerson(BaseModel):
    """A person the panel holds. Frozen and hashable so compiled patterns can be cached."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    role: Role = Role.OTHER
    aliases: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    date_of_birth: date | None = None
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    vehicles: tuple[str, ...] = ()
    ni_number: str | None = None

    @field_validator("name")
    @classmethod
    def _name_has_letters(cls, value: str) -> str:
        if not any(c.isalpha() for c in value):
            raise ValueError("a name needs at least one letter")
        return " ".join(value.split())


PersonLike = str | KnownPerson | Mapping[str, Any]


def coerce_people(people: Iterable[PersonLike] | None) -> tuple[KnownPerson, ...]:
    """Accept plain names, ``KnownPerson`` records or mappings with the same fields."""
    out: list[KnownPerson] = []
    for item in people or ():
        if isinstance(item, KnownPerson):
            out.append(item)
        elif isinstance(item, str):
            if item.strip():
                out.append(KnownPerson(name=item))
        else:
            out.append(KnownPerson.model_validate(dict(item)))
    return tuple(out)


_HONORIFIC = r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master|Prof|Sir|Dame|Lady|Lord)\.?\s+)?"
_SPECIAL_FOLDS = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "\u0131": "i", "đ": "d"}


def _char(c: str) -> str:
    if c in "'\u2019`":
        return r"['\u2019`\s]?"
    if c in "-\u2010\u2013":
        return r"[\s\-\u2010\u2013]*"
    if c.isspace():
        return r"[\s,\-]+"
    plain = _SPECIAL_FOLDS.get(c) or "".join(
        x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x)
    )
    if plain and plain != c:
        return f"(?:{re.escape(c)}|{re.escape(plain)})"
    return re.escape(c)


def phrase_regex(phrase: str) -> str:
    """A regex for ``phrase`` tolerant of diacritics, hyphens, apostrophes and spacing."""
    return "".join(_char(c) for c in phrase)


def _words_regex(phrase: str) -> str:
    """Like ``phrase_regex``, but ordinary words in a name ("Said", "May") keep their capital."""
    out = []
    for word in phrase.split():
        body = phrase_regex(word)
        if fold(word) in common_words() and word[:1].isupper():
            body = f"(?-i:{body}|{phrase_regex(word.upper())})"
        out.append(body)
    return r"[\s,\-]+".join(out)


def _split_name(name: str) -> tuple[list[str], list[str]]:
    """Split into given names and family name; a particle starts the family name."""
    tokens = name.replace(",", " ").split()
    if len(tokens) == 1:
        return tokens, []
    for i, token in enumerate(tokens[1:], start=1):
        if token.lower() in PARTICLES:
            return tokens[:i], tokens[i:]
    return tokens[:-1], tokens[-1:]


def _single_tokens(name: str) -> Iterator[str]:
    """Each part of a name that can stand alone ("Al-Sayed" also gives "Sayed")."""
    for token in name.replace(",", " ").split():
        if token.lower() in PARTICLES:
            continue
        yield token
        parts = [p for p in re.split(r"[-\u2010\u2013]", token) if p]
        if len(parts) > 1:
            yield from (p for p in parts if p.lower() not in PARTICLES and len(p) >= 3)


def name_phrases(name: str) -> tuple[list[str], list[str]]:
    """Return (multi-word phrases, single words) a narrative may use for ``name``."""
    given, family = _split_name(name)
    phrases: list[str] = []
    if family:
        surname = " ".join(family)
        first = given[0]
        phrases += [
            name,
            f"{first} {surname}",
            f"{surname} {first}",
            f"{surname} {' '.join(given)}",
        ]
        if len(family) > 1:
            phrases.append(" ".join(t for t in family if t.lower() not in PARTICLES))
            phrases.append(surname)
    singles = list(dict.fromkeys(_single_tokens(name)))
    return list(dict.fromkeys(p for p in phrases if " " in p)), singles


def _initials_regex(name: str) -> list[str]:
    given, family = _split_name(name)
    if not family:
        return []
    surname = phrase_regex(" ".join(family))
    letters = [g[0] for g in given if g[0].isalpha()]
    first = re.escape(letters[0])
    forms = [rf"(?-i:{first})\.?\s?(?:[A-Z]\.?\s?)?{surname}"]
    initials = "".join(letters[:2]) + "".join(t[0] for t in family if t.lower() not in PARTICLES)
    if len(initials) >= 2 and initials.isupper():
        dotted = r"\.?\s?".join(re.escape(c) for c in initials)
        if initials.lower() in ACRONYMS or initials.lower() in common_words():
            # "DS" is also a detective sergeant: only when the initials say or do something.
            forms.append(rf"(?-i:{dotted}\.?)(?=\s+(?:{_VERBS})\b)")
        else:
            forms.append(rf"(?-i:{dotted}\.?)")
    return forms


_VERBS = "states|stated|said|says|reports|reported|told|was|is|has|had|disclosed|explained"


def _single_regex(token: str) -> str | None:
    folded = fold(token)
    if len(token) < 2:
        return None
    if folded in HOSTILITY_WORDS:
        # "White" the surname, not "white" the word: only with a title or a possessive.
        cap = phrase_regex(token[:1].upper() + token[1:])
        return rf"(?-i:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+{cap}|{cap}(?=['\u2019]s\b))"
    body = phrase_regex(token)
    if folded in common_words() or len(token) <= 3:
        # "Hope", "Young", "Li": only in capitals, never as the ordinary word.
        upper = phrase_regex(token.upper())
        cap = phrase_regex(token[:1].upper() + token[1:])
        return f"(?-i:{cap}|{upper})"
    return body


def person_regex(person: KnownPerson) -> re.Pattern[str]:
    """One pattern for every form of the person's name and aliases."""
    alternatives: list[str] = []
    for name in (person.name, *person.aliases):
        phrases, singles = name_phrases(name)
        alternatives += [_words_regex(p) for p in phrases]
        alternatives += _initials_regex(name)
        alternatives += [r for r in (_single_regex(s) for s in singles) if r]
    ordered = sorted(set(alternatives), key=len, reverse=True)
    body = "|".join(ordered)
    return re.compile(rf"(?<![\w@]){_HONORIFIC}(?:{body})(?![\w@])", re.IGNORECASE)


def _digits_regex(raw: str) -> str | None:
    digits = re.sub(r"\D", "", raw)
    if len(digits) < 6:
        return None
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    rest = r"[\s\-.()]{0,3}".join(digits[1:])
    return rf"(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)[\s\-.()]{{0,3}}{rest}"


def _compact_regex(raw: str) -> str:
    chars = [c for c in raw if c.isalnum()]
    return r"\s?".join(re.escape(c) for c in chars)


_POSTCODE_IN = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b", re.IGNORECASE)


def _address_parts(address: str) -> Iterator[str]:
    """The street line, the street without its number, the flat and the postcode.

    The town is left out: "Leeds" alone singles no one out, and removing it everywhere
    would cost the panel the place names it needs.
    """
    for part in re.split(r"[,\n]", address):
        part = part.strip()
        postcode = _POSTCODE_IN.search(part)
        if postcode:
            yield postcode.group()
            part = part[: postcode.start()].strip()
            if not any(ch.isdigit() for ch in part):
                continue
        if not part:
            continue
        if any(ch.isdigit() for ch in part):
            yield part
            street = re.sub(r"^(?:flat|apartment|apt|unit)?\s*\d+[a-z]?\s*", "", part, flags=re.I)
            if " " in street:
                yield street
        elif " " in part and fold(part.split()[-1]) in _STREET_WORDS:
            yield part


_STREET_WORDS = word_set(
    """
    road street avenue lane close drive crescent terrace gardens grove mews way place square
    parade rise walk court row view green hill park
    """
)


def detail_patterns(person: KnownPerson) -> list[tuple[re.Pattern[str], str]]:
    """Patterns for the person's own details, each with the kind it removes."""
    found: list[tuple[str, str]] = []
    for address in person.addresses:
        found += [(phrase_regex(p), "address") for p in _address_parts(address)]
    for phone in person.phones:
        rx = _digits_regex(phone)
        if rx:
            found.append((rx, "phone"))
    found += [(re.escape(e), "email") for e in person.emails]
    found += [(rf"@?{re.escape(h.lstrip('@'))}", "handle") for h in person.handles if h.strip()]
    found += [(_compact_regex(v), "vehicle") for v in person.vehicles if v.strip()]
    if person.ni_number:
        found.append((_compact_regex(person.ni_number), "ni_number"))
    return [
        (re.compile(rf"(?<![\w@]){rx}(?![\w])", re.IGNORECASE), kind) for rx, kind in found if rx
    ]


@lru_cache(maxsize=256)
def _compiled(
    people: tuple[KnownPerson, ...],
) -> tuple[tuple[re.Pattern[str], ...], tuple[tuple[int, re.Pattern[str], str], ...]]:
    names = tuple(person_regex(p) for p in people)
    details = tuple((i, rx, kind) for i, p in enumerate(people) for rx, kind in detail_patterns(p))
    return names, details


def find_known(text: str, people: Sequence[KnownPerson]) -> Iterator[Candidate]:
    """Every mention of a known person or of one of their details."""
    names, details = _compiled(tuple(people))
    for index, rx in enumerate(names):
        for m in rx.finditer(text):
            yield Candidate(m.start(), m.end(), PERSON, index, strength=10)
    for index, rx, kind in details:
        for m in rx.finditer(text):
            yield Candidate(m.start(), m.end(), kind, index, strength=5)


def known_name_words(people: Sequence[KnownPerson]) -> frozenset[str]:
    """Folded words of every known name and alias, for spotting them in other spans."""
    words: set[str] = set()
    for person in people:
        for name in (person.name, *person.aliases):
            words.update(fold(t) for t in _single_tokens(name))
    return frozenset(words)
