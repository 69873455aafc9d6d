"""The pack's statistic tables as true counts, designed so that a year of a panel's cases
(about 80 to 150 concluded) fills most cells instead of withholding them.

Table design follows the GSS guidance on disclosure control for tables: publish each
variable at the finest breakdown the volume supports and no finer. So

- strands are counted by period, the periods being quarters only when there are enough cases
  a quarter to fill them (else half-years, else the whole period); the strand totals are this
  table's row totals, not a second table, so the two cannot be played against each other;
- categories of one-way tables that would be suppressed are merged into one "other" row
  that names them (routes, outcomes, the reasons actions were not completed);
- agency types with too few actions to show their outcomes are merged into "Other agencies",
  and actions are counted as completed or not (the reasons in a table of their own);
- risk is shown as its distribution at referral and at closure side by side, plus how it
  changed, instead of a level-by-level cross tab whose cells are nearly all small;
- repeat victimisation is one of the inspection's indicators, so it has no table.

Counting is pure and separate from publishing (:mod:`figures`), so tests can hold every
published figure against the counts it came from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from riskpanel.scrutiny import labels
from riskpanel.scrutiny.facts import REQUIREMENTS, CaseFacts

TOTAL = "Total"
MET, NOT_MET = "Met", "Not met"
COMPLETED, NOT_COMPLETED = "Completed", "Not completed"
LOCAL_STRANDS = "Local strands"
Node = tuple[str, ...]
CASES: Node = ("cases",)
ACTIONS: Node = ("actions",)
Whole = Literal["rows", "columns", "none"]
BAND_MONTHS = {"quarter": 3, "half-year": 6}
#: Fewer cases than this many times the threshold per period on average: coarser periods.
CASES_PER_BAND = 4


@dataclass(frozen=True)
class Grid:
    """True counts of one table: ``cells`` by (row, column), with the totals a reader sees.

    ``whole`` says which margins are the whole population (each Victims' Code requirement
    row covers every case; risk at referral and at closure each cover every case); those
    margins are the shared ``grand`` count, not a number of their own.
    """

    key: str
    title: str
    row_header: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: Mapping[tuple[str, str], int]
    grand: Node  # the shared count of the population: cases, actions, or another's cell
    row_totals: Mapping[str, int] | None = None  # None: no Total column
    col_totals: Mapping[str, int] | None = None  # None: no Total row
    whole: Whole = "none"
    overlapping: bool = False
    notes: tuple[str, ...] = field(default=())


def _sort(counter: Mapping[str, int], order: Sequence[str] = ()) -> list[str]:
    first = [k for k in dict.fromkeys(order) if counter.get(k)]
    return first + sorted(k for k in counter if counter[k] and k not in order)


def merge_small(
    counter: Mapping[str, int], threshold: int, other: str, order: Sequence[str] = ()
) -> dict[str, int]:
    """Categories below the threshold merged into one ``other`` row that names them; while
    that row is itself small the next smallest category joins it."""
    keys = _sort(counter, order)
    small = [k for k in keys if counter[k] < threshold]
    rest = [k for k in keys if k not in small]
    while small and sum(counter[k] for k in small) < threshold and rest:
        small.append(min(rest, key=lambda k: (counter[k], k)))
        rest.remove(small[-1])
    out = {k: counter[k] for k in rest}
    if len(small) == 1:
        out[small[0]] = counter[small[0]]
    elif small:
        out[f"{other} ({', '.join(small)})"] = sum(counter[k] for k in small)
    return out


def oneway(
    key: str, title: str, header: str, counts: Mapping[str, int], grand: Node, unit: str
) -> Grid:
    column = unit.capitalize()
    cells = {(r, column): v for r, v in counts.items()}
    total = sum(counts.values())
    return Grid(
        key,
        title,
        header,
        tuple(counts),
        (column,),
        cells,
        grand,
        None,
        {column: total},
        whole="columns",
    )


def bands(start: date, end: date, n: int, threshold: int) -> tuple[str, int]:
    """The finest period (quarter, half-year, whole) that the volume fills."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    for name, size in BAND_MONTHS.items():
        count = -(-months // size)
        if count >= 2 and n >= count * CASES_PER_BAND * threshold:
            return name, size
    return "period", months


def band_label(start: date, on: date, size: int) -> str:
    index = max(0, ((on.year - start.year) * 12 + on.month - start.month) // size)
    first_year, first_month = divmod(start.month - 1 + index * size, 12)
    last_year, last_month = divmod(start.month - 1 + index * size + size - 1, 12)
    a = date(start.year + first_year, first_month + 1, 1)
    b = date(start.year + last_year, last_month + 1, 1)
    return f"{a:%b %Y}" if a == b else f"{a:%b %Y} to {b:%b %Y}"


def _strand_rows(f: CaseFacts) -> list[str]:
    rows = [labels.strand(s) for s in sorted(f.strands)]
    if f.local_strands:
        rows.append(LOCAL_STRANDS)
    return rows or [labels.NOT_RECORDED]


def strands_grid(facts: Sequence[CaseFacts], start: date, end: date, threshold: int) -> Grid:
    kind, size = bands(start, end, len(facts), threshold)
    columns: list[str] = []
    for i in range(0, (end.year - start.year) * 12 + end.month - start.month + 1, size):
        y, m = divmod(start.month - 1 + i, 12)
        columns.append(band_label(start, date(start.year + y, m + 1, 1), size))
    pairs = []
    for f in facts:
        on = (f.closed_at or f.referred_at).date()
        band = band_label(start, min(max(on, start), end), size)
        pairs += [(r, band) for r in _strand_rows(f)]
    per_row = Counter(r for r, _ in pairs)
    order = [labels.strand(s) for s in labels.STRANDS] + [LOCAL_STRANDS]
    rows = tuple(_sort(per_row, order))
    cells = Counter(pairs)
    per_band = Counter(
        band_label(start, min(max((f.closed_at or f.referred_at).date(), start), end), size)
        for f in facts
    )
    return Grid(
        "strands",
        "Cases by strand" if kind == "period" else f"Cases by strand and {kind} concluded",
        "Strand",
        rows,
        tuple(columns),
        {(r, c): cells.get((r, c), 0) for r in rows for c in columns},
        CASES,
        {r: per_row[r] for r in rows},
        {c: per_band.get(c, 0) for c in columns},
        overlapping=True,
        notes=(
            "One case can carry several strands, so a column's strands add up to more than "
            "its total; the Total column gives the cases of each strand over the period.",
        ),
    )


def _risk_grids(facts: Sequence[CaseFacts]) -> list[Grid]:
    order = [labels.risk(x) for x in (*labels.RISK_LEVELS, None)]
    at = {
        "At referral": Counter(labels.risk(f.risk_at_referral) for f in facts),
        "At closure": Counter(labels.risk(f.risk_at_closure) for f in facts),
    }
    rows = tuple(r for r in order if any(c[r] for c in at.values()))
    rank = {code: i for i, code in enumerate(labels.RISK_LEVELS)}
    change: Counter[str] = Counter()
    for f in facts:
        a, b = rank.get(f.risk_at_referral or ""), rank.get(f.risk_at_closure or "")
        change[
            "Not recorded at both points"
            if a is None or b is None
            else "Lower at closure"
            if b < a
            else "Higher at closure"
            if b > a
            else "The same"
        ] += 1
    levels = Grid(
        "risk",
        "Risk level at referral and at closure",
        "Risk level",
        rows,
        tuple(at),
        {(r, c): at[c][r] for r in rows for c in at},
        CASES,
        None,
        {c: len(facts) for c in at},
        whole="columns",
    )
    return [levels, _change(change)]


def _change(change: Counter[str]) -> Grid:
    order = ["Lower at closure", "The same", "Higher at closure", "Not recorded at both points"]
    counts = {k: change[k] for k in _sort(change, order)}
    return oneway(
        "risk_change", "Risk at closure against referral", "Change", counts, CASES, "cases"
    )


def _actions_grids(facts: Sequence[CaseFacts], threshold: int) -> list[Grid]:
    acts = [a for f in facts for a in f.actions]
    why = Counter(_reason(a.outcome) for a in acts if not a.completed)
    by_kind: dict[str, Counter[str]] = {}
    for a in acts:
        kind = labels.agency_kind(a.agency_kind)
        by_kind.setdefault(kind, Counter())[COMPLETED if a.completed else NOT_COMPLETED] += 1
    small = [k for k, c in by_kind.items() if min(c[COMPLETED], c[NOT_COMPLETED]) < threshold]
    if len(small) > 1 or (small and len(by_kind) > 1):
        merged: Counter[str] = Counter()
        for k in small:
            merged += by_kind.pop(k)
        name = "Other agencies" if len(small) > 1 else small[0]
        by_kind[f"{name} ({', '.join(sorted(small))})" if len(small) > 1 else name] = merged
    rows = tuple(sorted(by_kind, key=lambda k: (k.startswith("Other agencies"), k)))
    cols = (COMPLETED, NOT_COMPLETED)
    cells = {(r, c): by_kind[r][c] for r in rows for c in cols}
    table = Grid(
        "actions",
        "Actions by agency type: completed or not",
        "Agency type",
        rows,
        cols,
        cells,
        ACTIONS,
        {r: sum(by_kind[r].values()) for r in rows},
        {c: sum(by_kind[r][c] for r in rows) for c in cols},
    )
    reasons = merge_small(why, threshold, "Other reasons")
    node = ("actions", TOTAL, NOT_COMPLETED)
    reasons_table = oneway(
        "actions_not_completed",
        "Actions not completed, by reason",
        "Reason",
        reasons,
        node,
        "actions",
    )
    return [table, reasons_table]


def _reason(outcome: str) -> str:
    if outcome.startswith("not_possible"):
        return "Not possible"
    if outcome == "not_done_by_agency":
        return "Not done by the agency"
    return "Not finished at closure"


def _victims_code(facts: Sequence[CaseFacts]) -> Grid:
    """Each requirement over the cases it applied to (met or not): the population of the
    matching indicator, so the two share their counts. Cases it did not apply to are not a
    column: each summary says so case by case, and as a column it was nearly always small."""
    checks = [f.victims_code.checks() for f in facts]
    cols = (MET, NOT_MET)
    cells: dict[tuple[str, str], int] = {}
    for key, requirement in REQUIREMENTS.items():
        values = Counter(MET if c[key] else NOT_MET for c in checks if c[key] is not None)
        cells |= {(requirement, col): values[col] for col in cols}
    rows = tuple(r for r in REQUIREMENTS.values() if cells[(r, MET)] + cells[(r, NOT_MET)])
    return Grid(
        "victims_code",
        "Victims' Code compliance, where the requirement applied",
        "Requirement",
        rows,
        cols,
        {k: v for k, v in cells.items() if k[0] in rows},
        CASES,
        {r: cells[(r, MET)] + cells[(r, NOT_MET)] for r in rows},
        None,
    )


def count_grids(
    facts: Sequence[CaseFacts], *, start: date, end: date, threshold: int
) -> list[Grid]:
    """Every statistic table of a pack, as true counts."""
    routes = Counter(labels.route(f.route) for f in facts)
    outcomes = Counter(labels.outcome(f.outcome) for f in facts)
    return [
        strands_grid(facts, start, end, threshold),
        oneway(
            "routes",
            "Cases by route into the panel",
            "Route",
            merge_small(routes, threshold, "Other routes", list(labels.ROUTES.values())),
            CASES,
            "cases",
        ),
        *_risk_grids(facts),
        oneway(
            "outcomes",
            "Cases by outcome",
            "Outcome",
            merge_small(outcomes, threshold, "Other outcomes", list(labels.OUTCOMES.values())),
            CASES,
            "cases",
        ),
        *_actions_grids(facts, threshold),
        _victims_code(facts),
    ]
