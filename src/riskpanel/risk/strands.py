"""Hate crime strands: the five nationally monitored ones and a panel's local extras.

Home Office returns count the five national strands only, so local extras (for example sex,
alternative subculture or age) are accepted but always kept apart: a report that mixed them
would overstate the national figures. One incident may carry several strands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from riskpanel.kit.errors import FieldError, InvalidInput

NATIONAL_STRANDS: tuple[str, ...] = (
    "race",
    "religion",
    "sexual_orientation",
    "disability",
    "transgender",
)
"""Fixed by national monitoring (Home Office annual data requirement), not by local policy."""

# Everyday labels people type, mapped to the canonical strand id.
_ALIASES = {
    "religion_or_belief": "religion",
    "belief": "religion",
    "faith": "religion",
    "ethnicity": "race",
    "nationality": "race",
    "sexuality": "sexual_orientation",
    "transgender_identity": "transgender",
    "gender_identity": "transgender",
    "trans": "transgender",
}
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")


def canonical_strand(value: str) -> str:
    """``"Sexual orientation"`` -> ``"sexual_orientation"``; aliases resolved."""
    slug = re.sub(r"[\s\-/]+", "_", value.strip().casefold())
    return _ALIASES.get(slug, slug)


@dataclass(frozen=True)
class StrandCatalogue:
    """The strands a panel accepts: the national five plus its configured local extras."""

    local: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        clash = sorted(set(self.local) & set(NATIONAL_STRANDS))
        if clash:
            raise ValueError(f"local strands repeat national ones: {', '.join(clash)}")
        bad = [s for s in self.local if not _SLUG.match(s)]
        if bad:
            raise ValueError(f"local strand ids must be lower_snake_case: {', '.join(bad)}")

    @property
    def national(self) -> tuple[str, ...]:
        return NATIONAL_STRANDS

    @property
    def all(self) -> tuple[str, ...]:
        return NATIONAL_STRANDS + self.local

    def is_national(self, strand: str) -> bool:
        return strand in NATIONAL_STRANDS

    def is_known(self, strand: str) -> bool:
        return strand in NATIONAL_STRANDS or strand in self.local


@dataclass(frozen=True)
class StrandSelection:
    """A validated set of strands, split the way national returns need them."""

    national: tuple[str, ...]
    local: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return self.national + self.local


def validate_strands(
    values: Iterable[str], catalogue: StrandCatalogue, *, field: str = "strands"
) -> StrandSelection:
    """Canonicalise, de-duplicate and check strands; every unknown one is named.

    Returned in catalogue order so two records with the same strands compare equal.
    """
    seen: set[str] = set()
    errors: list[FieldError] = []
    for i, raw in enumerate(values):
        strand = canonical_strand(raw)
        if not catalogue.is_known(strand):
            known = ", ".join(catalogue.all)
            errors.append(FieldError(f"{field}[{i}]", f"unknown strand {raw!r}; known: {known}"))
        seen.add(strand)
    if errors:
        raise InvalidInput("; ".join(f"{e.field}: {e.message}" for e in errors), errors=errors)
    return StrandSelection(
        national=tuple(s for s in NATIONAL_STRANDS if s in seen),
        local=tuple(s for s in catalogue.local if s in seen),
    )
