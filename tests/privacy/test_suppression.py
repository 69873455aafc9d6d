"""The 10-5 rule with secondary suppression: examples and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskpanel.privacy import suppress_crosstab, suppress_table
from riskpanel.privacy.suppression import OVERLAP_NOTE, round_to

PROPS = settings(max_examples=300, deadline=None)


def test_rounding_is_half_up_to_five() -> None:
    assert [round_to(v, 5) for v in (10, 12, 13, 17, 18, 22)] == [10, 10, 15, 15, 20, 20]


def test_primary_and_secondary_suppression() -> None:
    table = suppress_table({"race": 120, "religion": 7, "disability": 33, "sexual": 14}, 174)
    assert table.cells == {"race": 120, "religion": None, "disability": 35, "sexual": None}
    assert table.total == 175
    assert table.primary == {"religion"} and table.secondary == {"sexual"}
    assert any("further" in n for n in table.notes)


def test_secondary_hides_enough_to_reach_the_threshold() -> None:
    table = suppress_table({"a": 1, "b": 2, "c": 40, "d": 50}, 93)
    hidden = [k for k, v in table.cells.items() if v is None]
    assert hidden == ["a", "b", "c"]


def test_total_hidden_when_nothing_else_can_be() -> None:
    table = suppress_table({"only": 6}, 6)
    assert table.cells == {"only": None} and table.total is None and table.total_suppressed


def test_overlapping_strands_keep_their_own_total() -> None:
    table = suppress_table({"race": 40, "religion": 12, "disability": 4}, 50, overlapping=True)
    assert table.cells == {"race": 40, "religion": 10, "disability": None}
    assert table.total == 50 and OVERLAP_NOTE in table.notes


def test_inconsistent_total_is_refused_unless_overlapping() -> None:
    with pytest.raises(ValueError, match="overlapping"):
        suppress_table({"a": 40, "b": 30}, 50)


def test_zero_is_suppressed_and_negative_refused() -> None:
    assert suppress_table({"a": 0, "b": 50, "c": 60}).cells["a"] is None
    with pytest.raises(ValueError):
        suppress_table({"a": -1})


counts = st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 200), min_size=1)


@PROPS
@given(cells=counts, with_total=st.booleans())
def test_table_properties(cells: dict[str, int], with_total: bool) -> None:
    total = sum(cells.values()) if with_total else None
    table = suppress_table(cells, total)
    published = [v for v in table.cells.values() if v is not None]
    if table.total is not None:
        published.append(table.total)
    assert all(v >= 10 and v % 5 == 0 for v in published)
    hidden = [k for k, v in table.cells.items() if v is None]
    assert all(cells[k] < 10 for k in table.primary)
    if table.total is not None and hidden:
        # total minus the shown cells is never one cell, nor a small number
        assert len(hidden) >= 2 and sum(cells[k] for k in hidden) >= 10


grids = st.dictionaries(
    st.tuples(st.sampled_from("abcd"), st.sampled_from("wxyz")), st.integers(0, 120), min_size=1
)


@PROPS
@given(cells=grids)
def test_crosstab_properties(cells: dict[tuple[str, str], int]) -> None:
    tab = suppress_crosstab(cells)
    values = [*tab.cells.values(), *tab.row_totals.values(), *tab.col_totals.values()]
    values.append(tab.grand_total)
    assert all(v >= 10 and v % 5 == 0 for v in values if v is not None)
    rows = {r for r, _ in tab.cells}
    cols = {c for _, c in tab.cells}
    full = {(r, c): cells.get((r, c), 0) for r in rows for c in cols}
    groups = [([(r, c) for c in cols], tab.row_totals[r]) for r in rows]
    groups += [([(r, c) for r in rows], tab.col_totals[c]) for c in cols]
    for keys, total in groups:
        hidden = [k for k in keys if tab.cells[k] is None]
        if total is not None and hidden:
            assert len(hidden) >= 2 and sum(full[k] for k in hidden) >= 10
        if total is None:
            assert hidden, "a hidden total must not be the sum of shown cells"
    for margin in (tab.row_totals, tab.col_totals):
        hid = [k for k, v in margin.items() if v is None]
        if tab.grand_total is not None and hid:
            sums = {r: sum(full[(r, c)] for c in cols) for r in rows}
            sums.update({c: sum(full[(r, c)] for r in rows) for c in cols})
            assert len(hid) >= 2 and sum(sums[k] for k in hid) >= 10


def test_crosstab_keeps_hidden_cells_in_a_rectangle() -> None:
    cells = {("a", "x"): 3, ("a", "y"): 40, ("b", "x"): 25, ("b", "y"): 31, ("c", "x"): 12,
             ("c", "y"): 50}  # fmt: skip
    tab = suppress_crosstab(cells)
    assert tab.cells[("b", "x")] == 25 and tab.cells[("b", "y")] == 30
    assert {k for k, v in tab.cells.items() if v is None} == {
        ("a", "x"), ("a", "y"), ("c", "x"), ("c", "y")
    }  # fmt: skip


def test_crosstab_with_overlapping_strand_rows() -> None:
    cells = {("race", "Leeds"): 30, ("religion", "Leeds"): 6, ("race", "York"): 12,
             ("religion", "York"): 15}  # fmt: skip
    tab = suppress_crosstab(
        cells, col_totals={"Leeds": 33, "York": 25}, grand_total=58, overlapping_rows=True
    )
    assert tab.col_totals == {"Leeds": 35, "York": 25} and tab.grand_total == 60
    assert tab.cells[("religion", "Leeds")] is None
    assert OVERLAP_NOTE in tab.notes
    with pytest.raises(ValueError):
        suppress_crosstab(cells, overlapping_rows=True)
