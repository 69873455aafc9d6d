"""k-anonymity for a scrutiny pack: coarsen first, withhold what is still unique.

Each released record shows quasi-identifiers (age band, sex, district, period, strands) that,
combined, could single out a victim in a small area. The pack is generalised step by step, the
same way for every record so a reader knows what each column means ("ages in 20-year bands"),
in the order docs/PRIVACY.md sets: area first, then period, then age, then strands, and sex
last. Generalisation stops as soon as no more than ``max_withheld_share`` of the records sit in
groups smaller than ``k``; those few records are then withheld rather than coarsening
everyone's further.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

WITHHELD = "withheld"
_TOP_AGE = 90  # age_band() puts everyone from 90 in "90+"; 20-year bands end at "80+"
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

#: (attribute, level): the ladder of generalisation steps, coarsest last.
DEFAULT_STEPS: tuple[tuple[str, int], ...] = (
    ("district", 1),
    ("period", 1),
    ("age", 1),
    ("period", 2),
    ("strands", 1),
    ("district", 2),
    ("age", 2),
    ("strands", 2),
    ("sex", 1),
)
_DESCRIBE = {
    ("district", 1): "districts shown as their wider area",
    ("district", 2): "area withheld",
    ("period", 1): "months shown as quarters",
    ("period", 2): "quarters shown as years",
    ("age", 1): "ages shown in 20-year bands",
    ("age", 2): "age withheld",
    ("strands", 1): "cases with several strands shown as 'multiple strands'",
    ("strands", 2): "strands withheld",
    ("sex", 1): "sex withheld",
}


@dataclass(frozen=True)
class QuasiRecord:
    """One case as it would be released; ``payload`` is carried through untouched."""

    ref: str
    age_band: str | None
    sex: str | None
    district: str | None
    area: str | None
    month: date
    strands: frozenset[str]
    payload: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class ReleasedRecord:
    ref: str
    age_band: str
    sex: str
    district: str
    period: str
    strands: tuple[str, ...]
    payload: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def key(self) -> tuple[str, str, str, str, tuple[str, ...]]:
        return (self.age_band, self.sex, self.district, self.period, self.strands)


@dataclass(frozen=True)
class KAnonResult:
    """What was released, what was withheld and how the pack was generalised."""

    records: list[ReleasedRecord]
    withheld: tuple[str, ...]
    generalised: tuple[str, ...]
    k: int
    notes: tuple[str, ...] = ()


def generalise_age(band: str | None, level: int) -> str:
    """ "34-39" style 10-year band -> 20-year band -> withheld."""
    if band is None or level >= 2:
        return WITHHELD if level >= 2 else "unknown"
    if level == 0:
        return band
    m = re.fullmatch(r"(\d+)(?:-(\d+)|\+)", band)
    if not m:
        return band
    low = int(m.group(1)) // 20 * 20
    open_ended = m.group(2) is None or low + 20 > _TOP_AGE
    return f"{low}+" if open_ended else f"{low}-{low + 19}"


def generalise_period(month: date, level: int) -> str:
    if level == 0:
        return f"{_MONTH_NAMES[month.month - 1]} {month.year}"
    if level == 1:
        return f"Q{(month.month - 1) // 3 + 1} {month.year}"
    return str(month.year)


def generalise_strands(strands: frozenset[str], level: int) -> tuple[str, ...]:
    if level >= 2:
        return (WITHHELD,)
    if level == 1 and len(strands) > 1:
        return ("multiple strands",)
    return tuple(sorted(strands))


def _release(r: QuasiRecord, levels: Mapping[str, int]) -> ReleasedRecord:
    district_level = levels["district"]
    if district_level == 0:
        district = r.district or "unknown"
    else:
        district = WITHHELD if district_level >= 2 else (r.area or "unknown")
    return ReleasedRecord(
        ref=r.ref,
        age_band=generalise_age(r.age_band, levels["age"]),
        sex=WITHHELD if levels["sex"] >= 1 else (r.sex or "unknown"),
        district=district,
        period=generalise_period(r.month, levels["period"]),
        strands=generalise_strands(r.strands, levels["strands"]),
        payload=r.payload,
    )


def _small_groups(released: Sequence[ReleasedRecord], k: int) -> set[str]:
    sizes = Counter(r.key() for r in released)
    return {r.ref for r in released if sizes[r.key()] < k}


def k_anonymise(
    records: Sequence[QuasiRecord],
    *,
    k: int = 5,
    max_withheld_share: float = 0.05,
    steps: Sequence[tuple[str, int]] = DEFAULT_STEPS,
) -> KAnonResult:
    """Generalise one pack until at most ``max_withheld_share`` is unsafe, then withhold it."""
    if k < 1:
        raise ValueError("k must be at least 1")
    levels = {"district": 0, "period": 0, "age": 0, "strands": 0, "sex": 0}
    applied: list[str] = []
    released = [_release(r, levels) for r in records]
    small = _small_groups(released, k)
    for attr, level in steps:
        if len(small) <= max_withheld_share * len(records):
            break
        levels[attr] = max(levels[attr], level)
        applied.append(_DESCRIBE.get((attr, level), f"{attr} level {level}"))
        released = [_release(r, levels) for r in records]
        small = _small_groups(released, k)
    kept = [r for r in released if r.ref not in small]
    notes = [f"Every released combination of characteristics is shared by at least {k} cases."]
    if small:
        notes.append(f"{len(small)} case(s) withheld because they could be singled out.")
    return KAnonResult(
        records=kept,
        withheld=tuple(r.ref for r in released if r.ref in small),
        generalised=tuple(applied),
        k=k,
        notes=tuple(notes),
    )
