"""Remove identifiers from free text, keep the words that explain the hostility.

``redact`` runs every detector, merges overlapping finds into their union (so nothing is left
half removed) and writes a readable label in place of each. Labels are local to one document
and carry no value that could link documents: the victim is "[VICTIM]", other people are
"[PERSON B]", "[PERSON C]" in order of first mention, details are "[PHONE]", "[POSTCODE]" and
so on. No hashes, because a hash of a name or phone number can be reversed by trying values.

Pure regular expressions and word lists: deterministic, offline and fast enough to run on
every narrative of a scrutiny pack.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from riskpanel.privacy import dates
from riskpanel.privacy.names import find_names
from riskpanel.privacy.orgs import places
from riskpanel.privacy.patterns import structured
from riskpanel.privacy.people import KnownPerson, PersonLike, Role, coerce_people, find_known
from riskpanel.privacy.spans import KIND_LABELS, PERSON, Candidate, Span, merge


@dataclass(frozen=True)
class RedactionResult:
    """The redacted text, what was removed (offsets into the original) and the labels used."""

    text: str
    spans: list[Span] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def redact(text: str, known_people: Iterable[PersonLike] | None = None) -> RedactionResult:
    """Redact ``text``, using the case's own people (plain names or ``KnownPerson`` records)."""
    people = coerce_people(known_people)
    found: list[Candidate] = []
    found += find_known(text, people)
    found += find_names(text)
    found += _dates_of_birth(text, people, [c for c in found if c.kind == PERSON])
    found += structured(text)
    found += places(text)
    merged = merge(found)
    labels = _Labeller(people).labels(merged)
    return RedactionResult(
        text=_render(text, merged, labels),
        spans=[Span(c.start, c.end, c.kind) for c in merged],
        labels=labels,
    )


def _dates_of_birth(
    text: str, people: Sequence[KnownPerson], persons: list[Candidate]
) -> list[Candidate]:
    """Dates that are dates of birth: by cue, by place right after a name, or by value."""
    known = {
        (p.date_of_birth.year, p.date_of_birth.month, p.date_of_birth.day)
        for p in people
        if p.date_of_birth
    }
    name_ends = sorted(c.end for c in persons)
    out: list[Candidate] = []
    for start, end, parsed in dates.find_dates(text):
        if (
            (parsed is not None and parsed in known)
            or dates.has_dob_cue(text, start)
            or _right_after_name(text, start, name_ends)
        ):
            out.append(Candidate(start, end, "date_of_birth"))
    out += [Candidate(s, e, "date_of_birth") for s, e in dates.years_of_birth(text)]
    return out


def _right_after_name(text: str, start: int, name_ends: list[int]) -> bool:
    for end in name_ends:
        if start - 24 <= end <= start and dates.AFTER_NAME.match(text[end:start]):
            return True
    return False


class _Labeller:
    """Gives each person one label for the whole document, in order of first mention."""

    def __init__(self, people: Sequence[KnownPerson]) -> None:
        self.people = people
        self.by_person: dict[int | str, str] = {}
        self.next_letter = 1  # "B": the victim is, by convention, person A
        self.role_counts: dict[Role, int] = {}

    def labels(self, spans: list[Candidate]) -> list[str]:
        aliases = _link_unknown(spans)
        out: list[str] = []
        for span in spans:
            if span.kind != PERSON:
                out.append(KIND_LABELS[span.kind])
                continue
            key = span.person if span.person is not None else f"@{span.start}"
            key = aliases.get(key, key) if isinstance(key, str) else key
            if key not in self.by_person:
                self.by_person[key] = self._new_label(key)
            out.append(self.by_person[key])
        return out

    def _new_label(self, key: int | str) -> str:
        if isinstance(key, int):
            role = self.people[key].role
            if role in (Role.VICTIM, Role.PERPETRATOR):
                n = self.role_counts[role] = self.role_counts.get(role, 0) + 1
                base = role.value.upper()
                return f"[{base}]" if n == 1 else f"[{base} {n}]"
        label = f"[PERSON {_letters(self.next_letter)}]"
        self.next_letter += 1
        return label


def _letters(n: int) -> str:
    """0 -> A, 1 -> B, ... 25 -> Z, 26 -> AA: readable past 26 people."""
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _link_unknown(spans: list[Candidate]) -> dict[str, str]:
    """Map "nowak" to "ewa nowak" when both appear, so one person keeps one label."""
    full: dict[str, str] = {}
    for span in spans:
        if span.kind == PERSON and isinstance(span.person, str) and " " in span.person:
            for word in span.person.split():
                full.setdefault(word, span.person)
    links: dict[str, str] = {}
    for span in spans:
        single = span.kind == PERSON and isinstance(span.person, str) and " " not in span.person
        if single and span.person in full:
            links[str(span.person)] = full[str(span.person)]
    return links


def _render(text: str, spans: list[Candidate], labels: list[str]) -> str:
    parts: list[str] = []
    pos = 0
    for span, label in zip(spans, labels, strict=True):
        parts.append(text[pos : span.start])
        parts.append(label)
        pos = span.end
    parts.append(text[pos:])
    return "".join(parts)
