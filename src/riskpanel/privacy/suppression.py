"""Small-number suppression for published counts: the ONS 10-5 rule with secondary suppression.

Primary suppression hides every count below the threshold (10); the others are rounded to the
nearest 5. Secondary suppression stops a published total from giving a hidden cell back: in
any group with a published total, either no cell is hidden or at least two are and together
they hold at least ``threshold`` cases, so "total minus the published cells" reveals neither a
single cell nor a small number. If no cell is left to hide, the total is hidden instead.

Hate crime strands overlap (one case can carry several), so strand counts do not add up to the
number of cases. With ``overlapping=True`` the total is published on its own terms, no
secondary suppression is needed against it, and a note says so.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)

OVERLAP_NOTE = (
    "Categories overlap: one case can carry several strands, so the counts add up to more "
    "than the total."
)


def round_to(value: int, base: int) -> int:
    """Round half up to the nearest multiple of ``base`` (12 -> 10, 13 -> 15)."""
    return ((value + base // 2) // base) * base


def _check(threshold: int, rounding: int, values: Mapping[K, int]) -> None:
    if threshold < 1 or rounding < 1:
        raise ValueError("threshold and rounding must be positive")
    negative = [k for k, v in values.items() if v < 0]
    if negative:
        raise ValueError(f"counts cannot be negative: {negative!r}")


def _publish(value: int, threshold: int, rounding: int) -> int | None:
    if value < threshold:
        return None
    return max(round_to(value, rounding), round_to(threshold, rounding))


def _protect_group(
    values: Mapping[K, int],
    hidden: set[K],
    group: list[K],
    threshold: int,
    prefer: Callable[[K], bool] | None = None,
) -> bool:
    """Hide more cells of ``group`` until its hidden part is safe; False if it cannot be.

    The next cell hidden is the smallest, but ``prefer`` can put first the cells that also
    help another group (in a cross tab, a cell whose column already hides one), which keeps
    the hidden cells in rectangles instead of spreading across the whole table.
    """
    while True:
        hid = [k for k in group if k in hidden]
        if not hid or (len(hid) >= 2 and sum(values[k] for k in hid) >= threshold):
            return True
        shown = sorted(
            (k for k in group if k not in hidden),
            key=lambda k: (0 if prefer and prefer(k) else 1, values[k], repr(k)),
        )
        if not shown:
            return False
        hidden.add(shown[0])


@dataclass(frozen=True)
class SuppressedTable(Generic[K]):
    """Published cells (``None`` = suppressed), the published total and notes for readers."""

    cells: dict[K, int | None]
    total: int | None
    total_suppressed: bool = False
    primary: frozenset[K] = frozenset()
    secondary: frozenset[K] = frozenset()
    notes: tuple[str, ...] = field(default=())


def suppress_table(
    cells: Mapping[K, int],
    total: int | None = None,
    *,
    threshold: int = 10,
    rounding: int = 5,
    overlapping: bool = False,
) -> SuppressedTable[K]:
    """Apply the 10-5 rule to a one-way table; ``total`` None means no total is published."""
    _check(threshold, rounding, cells)
    if total is not None and not overlapping and total != sum(cells.values()):
        raise ValueError("total differs from the sum of cells; pass overlapping=True for strands")
    primary = {k for k, v in cells.items() if v < threshold}
    hidden = set(primary)
    total_hidden = total is not None and total < threshold
    if total is not None and not overlapping and not total_hidden:
        total_hidden = not _protect_group(cells, hidden, list(cells), threshold)
    published_total = None
    if total is not None and not total_hidden:
        published_total = _publish(total, threshold, rounding)
    notes = _notes(len(primary), len(hidden - primary), threshold, rounding, overlapping)
    return SuppressedTable(
        cells={
            k: None if k in hidden else _publish(v, threshold, rounding) for k, v in cells.items()
        },
        total=published_total,
        total_suppressed=total is not None and published_total is None,
        primary=frozenset(primary),
        secondary=frozenset(hidden - primary),
        notes=notes,
    )


def _notes(
    n_primary: int, n_secondary: int, threshold: int, rounding: int, overlapping: bool
) -> tuple[str, ...]:
    notes = [
        f"Counts below {threshold} are suppressed; others are rounded to the nearest {rounding}."
    ]
    if n_secondary:
        notes.append(
            f"{n_secondary} further cell(s) suppressed so a total cannot reveal a suppressed count."
        )
    if overlapping:
        notes.append(OVERLAP_NOTE)
    return tuple(notes)


@dataclass(frozen=True)
class SuppressedCrossTab(Generic[R, C]):
    """A two-way table after suppression; margins are ``None`` where suppressed."""

    cells: dict[tuple[R, C], int | None]
    row_totals: dict[R, int | None]
    col_totals: dict[C, int | None]
    grand_total: int | None
    primary: frozenset[tuple[R, C]] = frozenset()
    secondary: frozenset[tuple[R, C]] = frozenset()
    notes: tuple[str, ...] = ()


def suppress_crosstab(
    cells: Mapping[tuple[R, C], int],
    *,
    grand_total: int | None = None,
    col_totals: Mapping[C, int] | None = None,
    threshold: int = 10,
    rounding: int = 5,
    overlapping_rows: bool = False,
) -> SuppressedCrossTab[R, C]:
    """Apply the 10-5 rule to a cross tab with row, column and grand totals.

    Row totals are the sums of their cells. Columns normally add up too; with
    ``overlapping_rows`` (rows are strands, so a case can sit in several rows) pass the true
    ``col_totals`` and ``grand_total``, which are then published without protecting cells
    against them, since no sum of cells equals them.
    """
    _check(threshold, rounding, cells)
    tab = _Layout.of(cells, col_totals, grand_total, overlapping_rows)
    hidden = {k for k, v in tab.grid.items() if v < threshold}
    primary = set(hidden)
    hidden_rows, hidden_cols, grand_hidden = _protect_margins(
        tab, hidden, threshold, overlapping_rows
    )

    def publish(value: int) -> int | None:
        return _publish(value, threshold, rounding)

    return SuppressedCrossTab(
        cells={k: None if k in hidden else publish(v) for k, v in tab.grid.items()},
        row_totals={r: None if r in hidden_rows else publish(v) for r, v in tab.row_tot.items()},
        col_totals={c: None if c in hidden_cols else publish(v) for c, v in tab.col_tot.items()},
        grand_total=None if grand_hidden else publish(tab.grand_total),
        primary=frozenset(primary),
        secondary=frozenset(hidden - primary),
        notes=_notes(len(primary), len(hidden - primary), threshold, rounding, overlapping_rows),
    )


@dataclass(frozen=True)
class _Layout(Generic[R, C]):
    """A cross tab as a full grid (missing cells are 0) with its margins."""

    rows: list[R]
    cols: list[C]
    grid: dict[tuple[R, C], int]
    row_tot: dict[R, int]
    col_tot: dict[C, int]
    grand_total: int

    @classmethod
    def of(
        cls,
        cells: Mapping[tuple[R, C], int],
        col_totals: Mapping[C, int] | None,
        grand_total: int | None,
        overlapping_rows: bool,
    ) -> _Layout[R, C]:
        rows = list(dict.fromkeys(r for r, _ in cells))
        cols = list(dict.fromkeys(c for _, c in cells))
        grid = {(r, c): cells.get((r, c), 0) for r in rows for c in cols}
        row_tot = {r: sum(grid[(r, c)] for c in cols) for r in rows}
        if overlapping_rows:
            if col_totals is None or grand_total is None:
                raise ValueError("overlapping rows need the true col_totals and grand_total")
            col_tot = {c: col_totals[c] for c in cols}
        else:
            col_tot = {c: sum(grid[(r, c)] for r in rows) for c in cols}
            grand_total = sum(row_tot.values())
        return cls(rows, cols, grid, row_tot, col_tot, grand_total)


def _protect_margins(
    tab: _Layout[R, C], hidden: set[tuple[R, C]], threshold: int, overlapping_rows: bool
) -> tuple[set[R], set[C], bool]:
    """Secondary suppression until nothing changes: hide more cells (or, failing that, the
    margin) so no published row, column or grand total gives a hidden count back. Adds to
    ``hidden``; returns the hidden row totals, column totals and whether the grand total is."""
    rows, cols, grid = tab.rows, tab.cols, tab.grid
    hidden_rows = {r for r, v in tab.row_tot.items() if v < threshold}
    hidden_cols = {c for c, v in tab.col_tot.items() if v < threshold}
    grand_hidden = tab.grand_total < threshold

    def col_has_hidden(k: tuple[R, C]) -> bool:
        return any((r, k[1]) in hidden for r in rows)

    def row_has_hidden(k: tuple[R, C]) -> bool:
        return any((k[0], c) in hidden for c in cols)

    changed = True
    while changed:
        before = (len(hidden), len(hidden_rows), len(hidden_cols), grand_hidden)
        for r in rows:
            group = [(r, c) for c in cols]
            if r not in hidden_rows and not _protect_group(
                grid, hidden, group, threshold, None if overlapping_rows else col_has_hidden
            ):
                hidden_rows.add(r)
        if not overlapping_rows:
            for c in cols:
                group = [(r, c) for r in rows]
                if c not in hidden_cols and not _protect_group(
                    grid, hidden, group, threshold, row_has_hidden
                ):
                    hidden_cols.add(c)
            grand_hidden = grand_hidden or not _margin_safe(tab.row_tot, hidden_rows, threshold)
        grand_hidden = grand_hidden or not _margin_safe(tab.col_tot, hidden_cols, threshold)
        changed = before != (len(hidden), len(hidden_rows), len(hidden_cols), grand_hidden)
    return hidden_rows, hidden_cols, grand_hidden


def _margin_safe(totals: Mapping[K, int], hidden: set[K], threshold: int) -> bool:
    """Hidden margins must not be recoverable from the grand total minus the shown ones."""
    hid = [k for k in totals if k in hidden]
    return not hid or (len(hid) >= 2 and sum(totals[k] for k in hid) >= threshold)
