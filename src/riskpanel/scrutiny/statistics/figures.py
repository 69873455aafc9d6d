"""Publishing a pack's figures: every table and every indicator of a period suppressed as one
system (:mod:`linked`), so no hidden count comes back by subtracting across tables.

The number of cases is one count shared by every table that covers all cases and by the
indicators whose denominator is all cases; the Victims' Code indicators' numerators are the
Met cells of the Victims' Code table; the reasons actions were not completed add up to the
actions table's Not completed total. Counts shown are rounded to the nearest 5 (never below
the threshold); the share of statistic cells shown is reported with the figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from riskpanel.privacy.suppression import round_to
from riskpanel.scrutiny.facts import KEY_UPDATE_IN_TIME, REQUIREMENTS, SUPPORT_IN_TIME, CaseFacts
from riskpanel.scrutiny.statistics.grids import (
    ACTIONS,
    CASES,
    COMPLETED,
    MET,
    NOT_MET,
    TOTAL,
    Grid,
    Node,
    count_grids,
)
from riskpanel.scrutiny.statistics.indicators import (
    INDICATORS,
    Indicator,
    count_indicators,
    publish_indicator,
)
from riskpanel.scrutiny.statistics.linked import Group, suppress_linked

#: Indicators whose numerator and complement are cells of the Victims' Code table.
CODE_CELLS = {
    "updates_on_time": REQUIREMENTS[KEY_UPDATE_IN_TIME],
    "support_within_two_days": REQUIREMENTS[SUPPORT_IN_TIME],
}
SUPPRESSED = "[c]"
ALL_CASES = ("victim_record_complete", "repeat_within_12_months")
MEDIAN = "referral_to_hearing"


def node(g: Grid, r: str, c: str) -> Node:
    if (r == TOTAL and c == TOTAL) or (c == TOTAL and g.whole == "rows"):
        return g.grand
    if r == TOTAL and g.whole == "columns":
        return g.grand
    return (g.key, r, c)


def grid_system(g: Grid) -> tuple[dict[Node, int], list[Group[Node]]]:
    """The counts a table shows, by node, and the sums a reader can form between them."""
    values = {node(g, r, c): g.cells[(r, c)] for r in g.rows for c in g.columns}
    groups: list[Group[Node]] = []
    if g.row_totals is not None:
        for r in g.rows:
            values[node(g, r, TOTAL)] = g.row_totals[r]
            groups.append(Group(node(g, r, TOTAL), tuple(node(g, r, c) for c in g.columns)))
    if g.col_totals is not None:
        for c in g.columns:
            values[node(g, TOTAL, c)] = g.col_totals[c]
            groups.append(Group(node(g, TOTAL, c), tuple(node(g, r, c) for r in g.rows)))
    if g.row_totals is not None and g.col_totals is not None:
        values[g.grand] = sum(g.col_totals.values())
        groups.append(Group(g.grand, tuple(node(g, r, TOTAL) for r in g.rows)))
        groups.append(Group(g.grand, tuple(node(g, TOTAL, c) for c in g.columns)))
    return values, groups


def indicator_nodes(key: str) -> tuple[Node, Node, Node]:
    """(numerator, complement, denominator) of an indicator as nodes of the system."""
    den: Node = CASES if key in ALL_CASES else ("indicator", key, "den")
    if key in CODE_CELLS:
        row = CODE_CELLS[key]
        return (
            ("victims_code", row, MET),
            ("victims_code", row, NOT_MET),
            ("victims_code", row, TOTAL),
        )
    return ("indicator", key, "num"), ("indicator", key, "comp"), den


def indicator_system(
    counts: Mapping[str, tuple[int, int]],
) -> tuple[dict[Node, int], list[Group[Node]]]:
    values: dict[Node, int] = {}
    groups: list[Group[Node]] = []
    for key, (num, den) in counts.items():
        n, x, d = indicator_nodes(key)
        values[d] = den
        if key != MEDIAN:  # the median is no count; only how many cases it is over
            values |= {n: num, x: den - num}
            groups.append(Group(d, (n, x)))
    return values, groups


@dataclass(frozen=True)
class System:
    values: dict[Node, int]
    groups: list[Group[Node]]
    hidden: set[Node]


def suppress_all(
    grids: Sequence[Grid],
    counts: Mapping[str, tuple[int, int]],
    *,
    cases: int,
    actions: int,
    threshold: int,
) -> System:
    values: dict[Node, int] = {CASES: cases, ACTIONS: actions}
    groups: list[Group[Node]] = []
    for part in [*(grid_system(g) for g in grids), indicator_system(counts)]:
        for k, v in part[0].items():
            if values.setdefault(k, v) != v:
                raise ValueError(f"{k!r} counted as {values[k]} and as {v}")
        groups += [g for g in part[1] if g.parts]  # an empty table's total is no sum
    keep = frozenset({CASES}) if cases >= threshold else frozenset()
    return System(values, groups, suppress_linked(values, groups, threshold=threshold, keep=keep))


def shown(value: int, threshold: int, rounding: int) -> int:
    return max(round_to(value, rounding), round_to(threshold, rounding))


def publish_grid(g: Grid, system: System, *, threshold: int, rounding: int) -> dict[str, Any]:
    def cell(k: Node) -> int | None:
        return None if k in system.hidden else shown(system.values[k], threshold, rounding)

    columns = [*g.columns, TOTAL] if g.row_totals is not None else list(g.columns)
    extra = [TOTAL] if g.row_totals is not None else []
    rows = [
        {"label": r, "cells": [cell(node(g, r, c)) for c in (*g.columns, *extra)]} for r in g.rows
    ]
    if g.col_totals is not None:
        label = f"{TOTAL} {g.columns[0].lower()}" if g.whole == "columns" else TOTAL
        if g.whole == "columns" and len(g.columns) > 1:
            label = TOTAL
        rows.append({"label": label, "cells": [cell(node(g, TOTAL, c)) for c in columns]})
    mine = [node(g, r, c) for r in g.rows for c in g.columns]
    hidden = sum(1 for k in mine if k in system.hidden)
    primary = sum(1 for k in mine if system.values[k] < threshold)
    notes = list(g.notes)
    if hidden:
        notes.append(
            f"{hidden} cell(s) suppressed: {primary} below {threshold}, "
            f"{hidden - primary} more so that no total, here or in another table, gives "
            "a suppressed count back."
            if hidden > primary
            else f"{hidden} cell(s) suppressed: below {threshold}."
        )
    return {
        "key": g.key,
        "title": g.title,
        "row_header": g.row_header,
        "columns": columns,
        "rows": rows,
        "notes": notes,
    }


def cell_share(tables: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """How many of the statistic cells (totals included) are shown, as printed."""
    cells = [c for t in tables for r in t["rows"] for c in r["cells"]]
    shown_cells = sum(1 for c in cells if c is not None)
    return {
        "cells": len(cells),
        "shown": shown_cells,
        "percent": round(100 * shown_cells / len(cells)) if cells else 0,
    }


def indicator_hidden(system: System) -> dict[str, tuple[bool, bool]]:
    """For each indicator: (numerator hidden, denominator hidden)."""
    out = {}
    for i in INDICATORS:
        n, _, d = indicator_nodes(i.key)
        out[i.key] = (i.key == MEDIAN or n in system.hidden, d in system.hidden)
    return out


def previous_system(facts: Sequence[CaseFacts], threshold: int) -> tuple[System, dict]:
    """The period before has no tables in this pack: its indicators are a system alone."""
    counts = count_indicators(facts)
    actions = sum(len(f.actions) for f in facts)
    return suppress_all([], counts, cases=len(facts), actions=actions, threshold=threshold), counts


def _cell(table: Mapping[str, Any], row: str, column: str) -> int | None:
    if column not in table["columns"]:
        return None
    index = table["columns"].index(column)
    return next((r["cells"][index] for r in table["rows"] if r["label"] == row), None)


def _percent(numerator: int | None, denominator: int | None) -> int | None:
    if numerator is None or not denominator:
        return None
    return round(100 * numerator / denominator)


def rates(tables: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rates from the published, rounded counts only (never from the true ones)."""
    actions = tables["actions"]
    out = [
        {
            "key": "action_completion",
            "label": "Share of actions completed",
            "percent": _percent(_cell(actions, TOTAL, COMPLETED), _cell(actions, TOTAL, TOTAL)),
        }
    ]
    code = tables["victims_code"]
    for key, requirement in REQUIREMENTS.items():
        met, missed = _cell(code, requirement, MET), _cell(code, requirement, NOT_MET)
        out.append(
            {
                "key": f"victims_code_{key}",
                "label": f"{requirement}: share met where it applied",
                "percent": _percent(met, met + missed) if met and missed is not None else None,
            }
        )
    return out


def publish_indicators(
    current: System,
    now: Mapping[str, tuple[int, int]],
    previous: System,
    before: Mapping[str, tuple[int, int]],
    *,
    threshold: int,
    rounding: int,
) -> list[dict[str, Any]]:
    flags_now, flags_before = indicator_hidden(current), indicator_hidden(previous)

    def figure(i: Indicator, counts: Mapping[str, tuple[int, int]], flags: Mapping) -> dict:
        num_hidden, den_hidden = flags[i.key]
        return publish_indicator(
            i,
            *counts[i.key],
            num_hidden=num_hidden,
            den_hidden=den_hidden,
            threshold=threshold,
            rounding=rounding,
        )

    return [
        {
            "key": i.key,
            "title": i.title,
            "definition": i.definition,
            "unit": i.unit,
            "current": figure(i, now, flags_now),
            "previous": figure(i, before, flags_before),
        }
        for i in INDICATORS
    ]


def publish(
    facts: Sequence[CaseFacts],
    previous: Sequence[CaseFacts],
    *,
    period_start: date,
    period_end: date,
    basis: str,
    threshold: int = 10,
    rounding: int = 5,
) -> dict[str, Any]:
    """The figures as stored on a released pack and sent to readers (JSON-ready): the
    tables and the indicators of the period suppressed together, and the indicators of the
    period before."""
    grids = count_grids(facts, start=period_start, end=period_end, threshold=threshold)
    now = count_indicators(facts)
    actions = sum(len(f.actions) for f in facts)
    system = suppress_all(grids, now, cases=len(facts), actions=actions, threshold=threshold)
    tables = [publish_grid(g, system, threshold=threshold, rounding=rounding) for g in grids]
    earlier, before = previous_system(previous, threshold)
    indicators = publish_indicators(
        system, now, earlier, before, threshold=threshold, rounding=rounding
    )
    n = None if CASES in system.hidden else shown(len(facts), threshold, rounding)
    return {
        "period_start": period_start.isoformat(),
        "period_end": period_end.isoformat(),
        "basis": basis,
        "threshold": threshold,
        "rounding": rounding,
        "cases": n,
        "tables": tables,
        "rates": rates({t["key"]: t for t in tables}),
        "indicators": indicators,
        "cell_share": cell_share(tables),
        "indicators_with_value": sum(1 for i in indicators if i["current"]["shown"] != SUPPRESSED),
        "notes": [
            f"Counts below {threshold} are suppressed ({SUPPRESSED} in downloads, null in JSON); "
            f"others are rounded to the nearest {rounding}. Further counts are suppressed where "
            "a total, in the same table or another, would reveal one; the tables and the "
            "indicators were suppressed together for that reason.",
            "Categories too small to show on their own are merged into an 'other' row that "
            "names them; strands are counted by the finest period their numbers fill.",
            "Rates are computed from the rounded counts and left out where a count they need "
            "is suppressed.",
        ],
    }
