"""Spans found by the detectors, and how overlapping ones are merged.

Every detector proposes ``Candidate`` spans; the redactor merges overlaps into one span that
covers their union, so a partial match can never leave half an identifier behind (an email
that contains a name is removed whole, not as "[PERSON B].nowak@...").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

#: Kinds, in the order of the labels the redactor writes.
KIND_LABELS: dict[str, str] = {
    "address": "[ADDRESS]",
    "postcode": "[POSTCODE]",
    "phone": "[PHONE]",
    "email": "[EMAIL]",
    "date_of_birth": "[DATE OF BIRTH]",
    "ni_number": "[NI NUMBER]",
    "vehicle": "[VEHICLE]",
    "crime_ref": "[CRIME REF]",
    "collar_number": "[COLLAR NUMBER]",
    "handle": "[HANDLE]",
    "school": "[SCHOOL]",
    "workplace": "[WORKPLACE]",
}
PERSON = "person"

#: When two spans overlap, the higher priority decides the kind of the merged span.
PRIORITY: dict[str, int] = {
    "email": 90,
    "handle": 85,
    "phone": 80,
    "ni_number": 80,
    "postcode": 75,
    "crime_ref": 70,
    "vehicle": 70,
    "date_of_birth": 65,
    "collar_number": 60,
    "address": 55,
    "school": 52,
    "workplace": 52,
    PERSON: 50,
}


class Span(NamedTuple):
    """What was removed, as offsets into the original text."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed span; ``person`` identifies who, for names (a known index or a folded name)."""

    start: int
    end: int
    kind: str
    person: int | str | None = None
    strength: int = 0

    @property
    def rank(self) -> tuple[int, int, int]:
        known = 1 if isinstance(self.person, int) else 0
        return (PRIORITY.get(self.kind, 0) + self.strength, known, self.end - self.start)


def merge(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Merge overlapping candidates into their union, keeping the strongest one's identity."""
    ordered = sorted(candidates, key=lambda c: (c.start, -c.end))
    merged: list[Candidate] = []
    for cand in ordered:
        if cand.end <= cand.start:
            continue
        if merged and cand.start < merged[-1].end:
            last = merged[-1]
            best = last if last.rank >= cand.rank else cand
            merged[-1] = Candidate(
                last.start, max(last.end, cand.end), best.kind, best.person, best.strength
            )
        else:
            merged.append(cand)
    return merged
