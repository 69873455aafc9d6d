"""Keys stored on people so the matching prefilter is an indexed equality lookup.

Scoring every person a panel holds would not scale to a national deployment, so each person
carries a short name key (the first three letters of each name, in sorted order, so swapped
names still agree) and a tidy postcode; date of birth is indexed too.
"""

from __future__ import annotations

from datetime import date

from riskpanel.models import Person
from riskpanel.risk import PersonFacts
from riskpanel.risk.matching import normalise_postcode
from riskpanel.risk.names import normalise_name


def name_key(given_name: str | None, family_name: str | None) -> str | None:
    """``("Małgorzata", "Kowalska")`` -> ``"kow|mal"``; None when there is no name at all."""
    parts = [normalise_name(n or "").replace(" ", "")[:3] for n in (given_name, family_name)]
    kept = sorted(p for p in parts if p)
    return "|".join(kept) or None


def tidy_postcode(postcode: str | None) -> str | None:
    """``"sw1a1aa"`` -> ``"SW1A 1AA"``; anything too short to be a postcode is kept upper case."""
    compact = normalise_postcode(postcode)
    if not compact:
        return None
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) >= 5 else compact


def transposed(dob: date | None) -> list[date]:
    """The date itself and, when it can exist, its day/month swap (a common keying slip)."""
    if dob is None:
        return []
    found = [dob]
    if dob.day <= 12 and dob.day != dob.month:  # both fit as a month and a day
        found.append(date(dob.year, dob.day, dob.month))
    return found


def facts_of(person: Person) -> PersonFacts:
    return PersonFacts(
        first_name=person.given_name or "",
        last_name=person.family_name or "",
        date_of_birth=person.date_of_birth,
        postcode=person.postcode,
        address=person.address_line,
        ref=person.id,
    )


def display_name(person: Person | None) -> str:
    if person is None:
        return ""
    return " ".join(p for p in (person.given_name, person.family_name) if p) or "(no name)"
