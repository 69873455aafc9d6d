"""Scoring whether two people records are the same person, with reasons a human can check.

Used at screening to find an existing victim (or household) before opening a new case, so a
repeat is seen as a repeat. It only ranks candidates: a coordinator confirms every link. The
weights and the threshold are data (``MatchSettings``), because local data quality differs.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from riskpanel.risk.names import are_variants, normalise_name, split_full_name

_POSTCODE_CHARS = re.compile(r"[^A-Z0-9]")


class MatchSettings(BaseModel):
    """Weights of each kind of evidence and the candidate threshold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    first_name_weight: float = Field(0.25, ge=0)
    last_name_weight: float = Field(0.30, ge=0)
    date_of_birth_weight: float = Field(0.30, ge=0)
    location_weight: float = Field(0.15, ge=0)
    missing_value: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Stands in for evidence one record lacks: neither for nor against.",
    )
    name_similarity_floor: float = Field(
        0.7, ge=0, lt=1, description="Jaro-Winkler at or below this counts as no likeness."
    )
    variant_similarity: float = Field(0.95, ge=0, le=1)
    initial_similarity: float = Field(0.7, ge=0, le=1)
    dob_transposed_similarity: float = Field(0.9, ge=0, le=1)
    dob_one_slip_similarity: float = Field(0.7, ge=0, le=1)
    threshold: float = Field(0.8, ge=0, le=1)


@dataclass(frozen=True)
class PersonFacts:
    """The identifying facts of one person record; ``ref`` is the caller's id for it."""

    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    postcode: str | None = None
    address: str | None = None
    ref: Hashable | None = None

    @classmethod
    def from_full_name(cls, full_name: str, **facts: object) -> PersonFacts:
        """Accepts ``"SURNAME, First"`` as well as ``"First Surname"``."""
        first, last = split_full_name(full_name)
        return cls(first_name=first, last_name=last, **facts)  # type: ignore[arg-type]


@dataclass(frozen=True)
class MatchResult:
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    person: PersonFacts
    result: MatchResult

    @property
    def score(self) -> float:
        return self.result.score


def normalise_postcode(postcode: str | None) -> str:
    """``"sw1a 1aa"`` -> ``"SW1A1AA"``; empty when absent."""
    return _POSTCODE_CHARS.sub("", (postcode or "").upper())


def _likeness(a: str, b: str, s: MatchSettings) -> float:
    """Jaro-Winkler rescaled so that unrelated names score near 0, typos stay high."""
    jw = JaroWinkler.normalized_similarity(a, b)
    return max(0.0, (jw - s.name_similarity_floor) / (1 - s.name_similarity_floor))


def _first_name(a: str, b: str, s: MatchSettings) -> tuple[float, str]:
    if a == b:
        return 1.0, f"same first name ({a})"
    ta, tb = a.split()[0], b.split()[0]
    if ta == tb:
        return 0.97, f"same first forename ({ta}); other names differ"
    if are_variants(ta, tb):
        return s.variant_similarity, f"first names are variants ({ta} / {tb})"
    if min(len(ta), len(tb)) == 1 and ta[0] == tb[0]:
        return s.initial_similarity, f"initial matches ({ta[0]})"
    sim = max(_likeness(a, b, s), _likeness(ta, tb, s))
    return sim, f"first names {a} / {b} alike {sim:.2f}"


def _last_name(a: str, b: str, s: MatchSettings) -> tuple[float, str]:
    if a == b:
        return 1.0, f"same surname ({a})"
    if a.replace(" ", "") == b.replace(" ", ""):
        return 0.98, f"same surname written differently ({a} / {b})"
    if set(a.split()) & set(b.split()):
        return 0.9, f"surnames share a part ({a} / {b})"
    sim = _likeness(a, b, s)
    return sim, f"surnames {a} / {b} alike {sim:.2f}"


def _digits_slip(a: str, b: str) -> bool:
    """One digit wrong, or two neighbouring digits swapped."""
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diffs) == 1:
        return True
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and a[diffs[0]] == b[diffs[1]]
        and a[diffs[1]] == b[diffs[0]]
    )


def _date_of_birth(a: date, b: date, s: MatchSettings) -> tuple[float, str]:
    if a == b:
        return 1.0, f"same date of birth ({a.isoformat()})"
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return s.dob_transposed_similarity, "dates of birth with day and month transposed"
    if _digits_slip(a.strftime("%Y%m%d"), b.strftime("%Y%m%d")):
        return s.dob_one_slip_similarity, "dates of birth differ by one keying slip"
    return 0.0, f"dates of birth differ ({a.isoformat()} / {b.isoformat()})"


def _location(a: PersonFacts, b: PersonFacts) -> tuple[float, str] | None:
    pa, pb = normalise_postcode(a.postcode), normalise_postcode(b.postcode)
    found: list[tuple[float, str]] = []
    if pa and pb:
        if pa == pb:
            found.append((1.0, f"same postcode ({pa[:-3]} {pa[-3:]})"))
        elif pa[:-2] == pb[:-2]:
            found.append((0.7, f"same postcode sector ({pa[:-3]} {pa[-3]})"))
        elif pa[:-3] == pb[:-3]:
            found.append((0.4, f"same postcode district ({pa[:-3]})"))
        else:
            found.append((0.0, "different postcodes"))
    if a.address and b.address:
        sim = fuzz.token_sort_ratio(normalise_name(a.address), normalise_name(b.address)) / 100
        found.append((sim, f"addresses alike {sim:.2f}"))
    return max(found) if found else None


def _names(a: PersonFacts, b: PersonFacts, s: MatchSettings) -> list[tuple[float, str] | None]:
    """First and last name evidence, noticing when the two were entered the wrong way round."""
    fa, la = normalise_name(a.first_name), normalise_name(a.last_name)
    fb, lb = normalise_name(b.first_name), normalise_name(b.last_name)
    first = _first_name(fa, fb, s) if fa and fb else None
    last = _last_name(la, lb, s) if la and lb else None
    if fa and fb and la and lb and (first is None or first[0] < 0.5):
        swapped_first, swapped_last = _first_name(fa, lb, s), _last_name(la, fb, s)
        if min(swapped_first[0], swapped_last[0]) >= 0.9:
            note = "first and last names appear swapped"
            return [(swapped_first[0] * 0.95, note), (swapped_last[0] * 0.95, note)]
    return [first, last]


def match_score(
    a: PersonFacts, b: PersonFacts, settings: MatchSettings | None = None
) -> MatchResult:
    """A 0..1 likeness score with the reasons for it, strongest evidence first."""
    s = settings or MatchSettings()
    first, last = _names(a, b, s)
    dob = (
        _date_of_birth(a.date_of_birth, b.date_of_birth, s)
        if a.date_of_birth and b.date_of_birth
        else None
    )
    parts = [
        (s.first_name_weight, first, "first name"),
        (s.last_name_weight, last, "surname"),
        (s.date_of_birth_weight, dob, "date of birth"),
        (s.location_weight, _location(a, b), "postcode or address"),
    ]
    total = sum(w for w, _, _ in parts) or 1.0
    score = 0.0
    reasons: list[tuple[float, str]] = []
    for weight, evidence, label in parts:
        if evidence is None:
            score += weight * s.missing_value
            reasons.append((-1.0, f"no {label} on one record"))
        else:
            score += weight * evidence[0]
            reasons.append((weight * evidence[0], evidence[1]))
    ordered = [text for _, text in sorted(reasons, key=lambda r: -r[0])]
    return MatchResult(score=round(score / total, 4), reasons=list(dict.fromkeys(ordered)))


def blocking_keys(person: PersonFacts) -> set[str]:
    """Cheap keys for a database prefilter: likely duplicates share at least one.

    Scoring every stored person is too slow at national scale, so the service layer fetches
    only records sharing a key (an indexed column or a key table), then ranks them with
    :func:`find_candidates`. Keys tolerate transposed day/month, swapped names, one typo in
    either name (via the other name) and a move of house (via date of birth).
    """
    first, last = normalise_name(person.first_name), normalise_name(person.last_name)
    f3, l3 = first.replace(" ", "")[:3], last.replace(" ", "")[:3]
    keys: set[str] = set()
    dob = person.date_of_birth
    if dob is not None:
        low, high = sorted((dob.day, dob.month))
        keys.add(f"dob:{dob.year}-{low:02d}-{high:02d}")
        keys.update(f"{name}:{dob.year}" for name in (f3, l3) if name)
    if f3 and l3:
        keys.add("names:" + "|".join(sorted((f3, l3))))
    postcode = normalise_postcode(person.postcode)
    if postcode and l3:
        keys.add(f"pc:{postcode}:{l3}")
    return keys


def find_candidates(
    person: PersonFacts,
    others: Iterable[PersonFacts],
    threshold: float | None = None,
    settings: MatchSettings | None = None,
) -> list[Candidate]:
    """Others scoring at or above the threshold, best first (ties keep input order)."""
    s = settings or MatchSettings()
    cut = s.threshold if threshold is None else threshold
    scored = [Candidate(other, match_score(person, other, s)) for other in others]
    kept = [c for c in scored if c.score >= cut]
    return sorted(kept, key=lambda c: -c.score)
