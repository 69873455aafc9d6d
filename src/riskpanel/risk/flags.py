"""Strand flag check at screening: which strands the words suggest, against those flagged.

HMICFRS (2018) found forces mis-flagging hate crimes. This check reads the narrative and the
answer to "why do you think they did this?" and tells the coordinator which strands look
missing and which flagged strands have no supporting words. It only prompts a question: a
hate crime is defined by perception, so a "doubtful" flag is never removed automatically.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from riskpanel.risk.lexicon import Lexicon, StrandMatcher, normalise_text
from riskpanel.risk.strands import canonical_strand

_CLAUSE_BREAK = re.compile(r"[.;:!?\n\"“”()\[\],]")


@dataclass(frozen=True)
class StrandEvidence:
    """Words found for one strand, and short snippets showing them in context."""

    strand: str
    national: bool
    terms: tuple[str, ...]
    snippets: tuple[str, ...]
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class FlagCheck:
    likely_missing: list[StrandEvidence] = field(default_factory=list)
    doubtful: list[str] = field(default_factory=list)
    confirmed: list[StrandEvidence] = field(default_factory=list)
    unknown_flags: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """True when nothing needs a second look."""
        return not (self.likely_missing or self.doubtful or self.unknown_flags)


@dataclass
class _Hits:
    terms: list[str] = field(default_factory=list)
    snippets: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)


def _snippet(text: str, start: int, end: int, width: int) -> str:
    lo, hi = max(0, start - width), min(len(text), end + width)
    piece = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + piece + ("…" if hi < len(text) else "")


def _negated(text: str, start: int, breaks: list[int], negation: re.Pattern[str] | None) -> bool:
    """Light negation: a cue right before the word in the same clause ("not racist")."""
    if negation is None:
        return False
    i = bisect_right(breaks, start)
    clause_start = breaks[i - 1] if i else 0
    return negation.search(text[clause_start:start]) is not None


def _known_pattern(names: Iterable[str], places: Iterable[str]) -> re.Pattern[str] | None:
    """People's names (whole, and each word of 3+ letters) and place lines (whole only)."""
    phrases: set[str] = set()

    def add(words: list[str]) -> None:
        if words:
            phrases.add(r"[\s,\-]+".join(re.escape(w) for w in words))

    for name in names:
        words = normalise_text(name).replace("-", " ").split()
        add(words)
        phrases.update(re.escape(w) for w in words if len(w) >= 3)
    for place in places:
        for line in re.split(r"[,\n]", normalise_text(place)):
            add(line.split())
    if not phrases:
        return None
    body = "|".join(sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def _matches(
    matcher: StrandMatcher, text: str, masked: list[tuple[int, int]]
) -> Iterable[re.Match[str]]:
    excluded = [m.span() for m in matcher.exclude.finditer(text)] if matcher.exclude else []
    excluded += masked
    for pattern in (matcher.pattern, matcher.cased):
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            if not any(lo <= m.start() and m.end() <= hi for lo, hi in excluded):
                yield m


def _scan(
    lexicon: Lexicon, texts: dict[str, str], known: re.Pattern[str] | None
) -> dict[str, _Hits]:
    found: dict[str, _Hits] = {}
    negation = lexicon.negation_pattern
    for field_name, raw in texts.items():
        text = normalise_text(raw or "")
        masked = [m.span() for m in known.finditer(text)] if known else []
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text)]
        for matcher in lexicon.matchers:
            for m in _matches(matcher, text, masked):
                if _negated(text, m.start(), breaks, negation):
                    continue
                hits = found.setdefault(matcher.strand, _Hits())
                term = " ".join(m.group(0).lower().split())
                if term not in hits.terms:
                    hits.terms.append(term)
                    hits.snippets.append(_snippet(text, *m.span(), lexicon.snippet_chars))
                if field_name not in hits.fields:
                    hits.fields.append(field_name)
    return found


def check_flags(
    narrative: str,
    why_answer: str | None,
    flagged: Iterable[str],
    lexicon: Lexicon,
    *,
    known_names: Iterable[str] = (),
    known_places: Iterable[str] = (),
) -> FlagCheck:
    """Compare the flagged strands with what the narrative and the "why" answer suggest.

    ``likely_missing``: strands with supporting words but not flagged; ``doubtful``: flagged
    strands with no supporting word (ask, do not remove); ``confirmed``: flagged and supported;
    ``unknown_flags``: flags that are not strands in this lexicon's catalogue.
    ``known_names`` (people in the record) and ``known_places`` (their addresses) come from
    the structured record: words inside them never count, so a witness called Christian or
    an address on Church Lane does not suggest a strand. A name's single words are ignored
    everywhere, a place only as a whole line, so "outside the church" still counts.
    """
    catalogue = lexicon.catalogue
    wanted = {canonical_strand(s) for s in flagged}
    texts = {"narrative": narrative, "why_answer": why_answer or ""}
    found = _scan(lexicon, texts, _known_pattern(known_names, known_places))

    def evidence(strand: str) -> StrandEvidence:
        hits = found[strand]
        return StrandEvidence(
            strand=strand,
            national=catalogue.is_national(strand),
            terms=tuple(hits.terms),
            snippets=tuple(hits.snippets),
            fields=tuple(hits.fields),
        )

    order = [s for s in catalogue.all if s in found or s in wanted]
    return FlagCheck(
        likely_missing=[evidence(s) for s in order if s in found and s not in wanted],
        doubtful=[s for s in order if s in wanted and s not in found and catalogue.is_known(s)],
        confirmed=[evidence(s) for s in order if s in found and s in wanted],
        unknown_flags=sorted(s for s in wanted if not catalogue.is_known(s)),
    )
