"""Suppression across the pack's tables: no hidden count can be recovered, by any chain of
subtractions between the published tables and indicators; and a realistic year of cases
fills most cells.

The audit is an attacker with linear programming (SciPy's HiGHS). The attacker's equations
are read from the published layout, not from the code that suppressed it: each row adds up
to its Total column, each column to its Total row, the same number of cases is every case
table's total, the Victims' Code rows are the two indicators' numerators and denominators,
and the reasons actions were not completed add up to the actions' Not completed total. The
attacker is stronger than a real reader: they know every shown count exactly (not rounded)
and how many cases carry two strands. For every hidden count the attacker's smallest and
largest feasible value must differ, so none is pinned.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from riskpanel.scrutiny.facts import REQUIREMENTS, CaseFacts
from riskpanel.scrutiny.statistics.figures import publish
from riskpanel.scrutiny.statistics.grids import TOTAL, Grid, count_grids
from riskpanel.scrutiny.statistics.indicators import count_indicators
from riskpanel.scrutiny.statistics.linked import Group, determined, suppress_linked
from tests.scrutiny.volume import concluded_year

START, END = date(2025, 1, 1), date(2025, 12, 31)
BEFORE = date(2024, 1, 1)
CODE_ROWS = {
    "updates_on_time": REQUIREMENTS["key_update_in_time"],
    "support_within_two_days": REQUIREMENTS["support_referral_in_time"],
}


def _truth(g: Grid, row: str, column: str, n: int) -> int:
    if row == TOTAL or row.startswith(f"{TOTAL} "):
        if column == TOTAL or g.col_totals is None:
            return n if g.grand == ("cases",) else sum(g.col_totals.values())  # type: ignore[union-attr]
        return g.col_totals[column]
    if column == TOTAL:
        return g.row_totals[row]  # type: ignore[index]
    return g.cells[(row, column)]


class Attacker:
    """Unknowns are the published positions; equations as a reader could write them."""

    def __init__(self) -> None:
        self.index: dict[Any, int] = {}
        self.truth: list[int] = []
        self.hidden: list[bool] = []
        self.equations: list[tuple[dict[int, int], int]] = []

    def var(self, key: Any, truth: int, hidden: bool, *, derived: bool = False) -> int:
        """``derived``: not printed itself (an indicator's complement), so a table's cell
        of the same count decides whether it is known."""
        if derived and key in self.index:
            return self.index[key]
        if key not in self.index:
            self.index[key] = len(self.truth)
            self.truth.append(truth)
            self.hidden.append(hidden)
        assert self.truth[self.index[key]] == truth, key
        assert self.hidden[self.index[key]] == hidden, (
            f"{key} shown in one place, hidden in another"
        )
        return self.index[key]

    def sums(self, total: int, parts: list[int]) -> None:
        """total = sum(parts) + the overlap, which the attacker is granted."""
        if not parts:
            return
        coef = {total: -1}
        for p in parts:
            coef[p] = coef.get(p, 0) + 1
        offset = sum(self.truth[p] for p in parts) - self.truth[total]
        self.equations.append((coef, offset))

    def ranges(self) -> dict[Any, tuple[float, float]]:
        # Shown counts are constants: only the hidden ones are unknowns.
        unknown = [i for i, h in enumerate(self.hidden) if h]
        col = {i: j for j, i in enumerate(unknown)}
        a_eq = np.zeros((len(self.equations), len(unknown)))
        b_eq = np.zeros(len(self.equations))
        for e, (coef, offset) in enumerate(self.equations):
            b_eq[e] = offset - sum(v * self.truth[i] for i, v in coef.items() if i not in col)
            for i, v in coef.items():
                if i in col:
                    a_eq[e, col[i]] += v
        keep = np.any(a_eq != 0, axis=1)
        assert np.allclose(b_eq[~keep], 0)
        a_eq, b_eq = a_eq[keep], b_eq[keep]
        out = {}
        for key, i in self.index.items():
            if i not in col:
                continue
            if not len(b_eq):
                out[key] = (0.0, float("inf"))
                continue
            c = np.zeros(len(unknown))
            c[col[i]] = 1.0
            bounds = (0, None)
            low = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            c[col[i]] = -1.0
            high = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            assert low.status == 0 and high.status in (0, 3), key
            out[key] = (low.fun, float("inf") if high.status == 3 else -high.fun)
        return out


def _key(table: str, row: str, column: str) -> tuple[str, ...]:
    if row.startswith(f"{TOTAL} ") or (row == TOTAL and column == TOTAL):
        return ("cases",) if row == f"{TOTAL} cases" or table != "actions" else ("actions",)
    return (table, row, column)


def attack(facts: list[CaseFacts], stats: Mapping[str, Any]) -> dict[Any, tuple[float, float]]:
    n = len(facts)
    grids = {g.key: g for g in count_grids(facts, start=START, end=END, threshold=10)}
    atk = Attacker()
    for t in stats["tables"]:
        g, cols = grids[t["key"]], t["columns"]
        pos: dict[tuple[str, str], int] = {}
        for r in t["rows"]:
            for c, v in zip(cols, r["cells"], strict=True):
                key = _key(t["key"], r["label"], c)
                if t["key"] == "actions_not_completed" and r["label"].startswith(TOTAL):
                    key = ("actions", TOTAL, "Not completed")
                if t["key"] in ("risk",) and r["label"] == TOTAL:
                    key = ("cases",)
                pos[(r["label"], c)] = atk.var(key, _truth(g, r["label"], c, n), v is None)
        labels = [r["label"] for r in t["rows"]]
        body = [x for x in labels if not x.startswith(TOTAL)]
        data = [c for c in cols if c != TOTAL]
        if TOTAL in cols:
            for r in labels:
                atk.sums(pos[(r, TOTAL)], [pos[(r, c)] for c in data])
        if len(body) < len(labels):
            total_row = labels[-1]
            for c in cols:
                atk.sums(pos[(total_row, c)], [pos[(r, c)] for r in body])
    now = count_indicators(facts)
    for i in stats["indicators"]:
        num, den = now[i["key"]]
        fig = i["current"]
        if i["key"] == "referral_to_hearing":
            continue
        if i["key"] in CODE_ROWS:
            row = CODE_ROWS[i["key"]]
            keys = [("victims_code", row, c) for c in ("Met", "Not met", TOTAL)]
        else:
            d = (
                ("cases",)
                if den == n and i["unit"] == "cases" and i["key"] != "updates_on_time"
                else None
            )
            keys = [
                ("ind", i["key"], "num"),
                ("ind", i["key"], "comp"),
                d or ("ind", i["key"], "den"),
            ]
        if i["key"] == "strand_corrected":
            keys[2] = ("ind", i["key"], "den")
        hidden_num = fig["numerator"] is None
        a = atk.var(keys[0], num, hidden_num)
        b = atk.var(keys[1], den - num, hidden_num, derived=True)
        d = atk.var(keys[2], den, fig["denominator"] is None)
        atk.sums(d, [a, b])
    return atk.ranges()


def _publish(facts: list[CaseFacts]) -> dict[str, Any]:
    return publish(facts, [], period_start=START, period_end=END, basis="test")


T0 = datetime(2025, 1, 6, 9, tzinfo=UTC)


@st.composite
def partnerships(draw: st.DrawFn) -> list[CaseFacts]:
    """A realistic year, then a few cases made rarer or commoner by hypothesis."""
    n = draw(st.integers(0, 110))
    facts = concluded_year(n, seed=draw(st.integers(0, 10**6)))
    odd = draw(st.lists(st.sampled_from(["religion", "disability", "transgender"]), max_size=12))
    for i, strand in enumerate(odd[: len(facts)]):
        f = facts[i]
        facts[i] = CaseFacts(
            f.case_id,
            f.state,
            f.referred_at,
            f.closed_at or T0 + timedelta(days=3),
            strands=frozenset({strand}),
            route=f.route,
            history=f.history,
            actions=f.actions,
            victims_code=f.victims_code,
            risk_at_referral=f.risk_at_referral,
        )
    return facts


@settings(max_examples=15, deadline=None, database=None)
@given(facts=partnerships())
def test_no_hidden_count_can_be_recovered_across_tables(facts: list[CaseFacts]) -> None:
    stats = _publish(facts)
    for key, (low, high) in attack(facts, stats).items():
        assert high - low >= 1, f"{key} pinned between {low} and {high}"


def test_the_elimination_finds_a_chain_through_two_tables() -> None:
    """A count hidden in one table, but a shown total minus a shown total in another."""
    values = {"n": 40, "a": 30, "b": 6, "c": 4, "x": 34, "y": 6}
    groups = [Group("n", ("a", "b", "c")), Group("n", ("x", "y")), Group("x", ("a", "c"))]
    assert determined(values, {"b", "c"}, groups) == ["b", "c"]  # c = x - a, b = n - a - c
    assert determined(values, {"b", "c", "x", "y"}, groups) == []
    hidden = suppress_linked(values, groups, threshold=10, keep=frozenset({"n"}))
    assert "n" not in hidden and not determined(values, hidden, groups)
    assert {"b", "c", "y", "x"} <= hidden


@pytest.mark.parametrize("n", [80, 100, 120, 150])
def test_a_realistic_year_shows_most_cells_and_every_indicator(n: int) -> None:
    started = time.perf_counter()
    for seed in range(3):
        facts = concluded_year(n, seed=seed)
        previous = concluded_year(n, seed=seed + 50, start=BEFORE)
        stats = publish(facts, previous, period_start=START, period_end=END, basis="test")
        share = stats["cell_share"]
        assert share["percent"] >= 60, (n, seed, share)
        assert share["shown"] == sum(
            1 for t in stats["tables"] for r in t["rows"] for c in r["cells"] if c is not None
        )
        assert stats["indicators_with_value"] == 7
        for i in stats["indicators"]:
            for when in ("current", "previous"):
                assert i[when]["shown"] != "[c]", (n, seed, i["key"], when)
        assert stats["cases"] is not None
    assert time.perf_counter() - started < 3
