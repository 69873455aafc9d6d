"""The strand lexicon: words per strand, loaded from data and compiled to matchers.

Kept as data so a panel can add the words its own communities and officers use without a
release; validated on load so a typo in a strand name cannot silently switch a strand off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from riskpanel.risk.datafiles import default_workflows_dir, load_model
from riskpanel.risk.strands import NATIONAL_STRANDS, StrandCatalogue

LEXICON_FILE = Path("lexicon") / "strands.yaml"
Term = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]
_WILDCARD_MIN_STEM = 4
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StrandTerms(_Strict):
    terms: tuple[Term, ...] = ()
    cased: tuple[Term, ...] = ()
    exclude: tuple[Term, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> StrandTerms:
        if not self.terms and not self.cased:
            raise ValueError("a strand needs at least one term")
        words = [t.casefold() for t in self.terms]
        dupes = sorted({t for t in words if words.count(t) > 1})
        if dupes:
            raise ValueError(f"duplicate terms: {', '.join(dupes)}")
        for term in (*self.terms, *self.cased):
            stem = term.rstrip("*")
            if term.endswith("*") and len(stem) < _WILDCARD_MIN_STEM:
                raise ValueError(f"wildcard term {term!r} is too short to be safe")
            if "*" in stem:
                raise ValueError(f"term {term!r}: * is only allowed at the end")
        return self


class Negation(_Strict):
    enabled: bool = True
    cues: tuple[Term, ...] = ()
    fillers: tuple[Annotated[str, StringConstraints(min_length=1)], ...] = ()
    max_fillers: int = Field(2, ge=0, le=5)


@dataclass(frozen=True)
class StrandMatcher:
    """Compiled patterns for one strand; ``exclude`` spans cancel hits inside them."""

    strand: str
    pattern: re.Pattern[str] | None
    cased: re.Pattern[str] | None
    exclude: re.Pattern[str] | None


class Lexicon(_Strict):
    name: str
    version: str
    local_strands: tuple[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")], ...] = ()
    inflections: tuple[str, ...] = ("s", "es", "'s")
    negation: Negation = Negation()
    snippet_chars: int = Field(50, ge=10, le=400)
    strands: dict[str, StrandTerms]

    @model_validator(mode="after")
    def _check(self) -> Lexicon:
        catalogue = StrandCatalogue(local=self.local_strands)
        unknown = sorted(s for s in self.strands if not catalogue.is_known(s))
        if unknown:
            raise ValueError(
                f"unknown strands: {', '.join(unknown)} (known: {', '.join(catalogue.all)})"
            )
        missing = [s for s in NATIONAL_STRANDS if s not in self.strands]
        if missing:
            raise ValueError(f"every national strand needs terms; missing: {', '.join(missing)}")
        return self

    @property
    def catalogue(self) -> StrandCatalogue:
        return StrandCatalogue(local=self.local_strands)

    @cached_property
    def matchers(self) -> tuple[StrandMatcher, ...]:
        return tuple(self._compile(strand, t) for strand, t in self.strands.items())

    @cached_property
    def negation_pattern(self) -> re.Pattern[str] | None:
        """Matches a clause prefix that ends in a negation cue (plus a few filler words)."""
        neg = self.negation
        if not neg.enabled or not neg.cues:
            return None
        cues = "|".join(_phrase(c) for c in sorted(neg.cues, key=len, reverse=True))
        fillers = "|".join(_phrase(f) for f in neg.fillers) or "(?!)"
        return re.compile(
            rf"(?<!\w)(?:{cues})\s+(?:(?:{fillers})\s+){{0,{neg.max_fillers}}}$", re.IGNORECASE
        )

    def _compile(self, strand: str, terms: StrandTerms) -> StrandMatcher:
        def build(items: tuple[str, ...], flags: int, inflect: bool) -> re.Pattern[str] | None:
            if not items:
                return None
            ordered = sorted(items, key=len, reverse=True)  # longest phrase wins
            body = "|".join(_term_regex(t, self.inflections if inflect else ()) for t in ordered)
            return re.compile(body, flags)

        return StrandMatcher(
            strand=strand,
            pattern=build(terms.terms, re.IGNORECASE, True),
            # As written, or in capitals: some police systems record narratives upper case.
            cased=build((*terms.cased, *(t.upper() for t in terms.cased)), 0, True),
            exclude=build(terms.exclude, re.IGNORECASE, True),
        )


def normalise_text(text: str) -> str:
    """Same-length normalisation (curly apostrophes) so match offsets stay valid."""
    return text.translate(_APOSTROPHES)


def _phrase(text: str) -> str:
    """A phrase whose words may be split by spaces; hyphens match hyphen, space or nothing."""
    words = text.strip().split()
    parts = []
    for word in words:
        escaped = re.escape(word.translate(_APOSTROPHES))
        escaped = escaped.replace(r"\-", r"[\s\-]?").replace("'", "'?")
        parts.append(escaped)
    return r"[\s\-]+".join(parts)


def _term_regex(term: str, inflections: tuple[str, ...]) -> str:
    """Whole-word regex for a term: ``trans`` must never match inside ``Transport``."""
    wildcard = term.endswith("*")
    body = _phrase(term.rstrip("*"))
    if wildcard:
        tail = r"\w*"
    elif inflections:
        tail = "(?:" + "|".join(re.escape(s) for s in inflections) + ")?"
    else:
        tail = ""
    return rf"(?<!\w)(?:{body}{tail})(?!\w)"


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Load and validate a strand lexicon (default: the bundled ``lexicon/strands.yaml``)."""
    return load_model(path or default_workflows_dir() / LEXICON_FILE, Lexicon)
