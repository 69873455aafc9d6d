"""Suppression that holds across tables: every published count of a pack is one node, and
every sum a reader could form between them (a row adding up to its total, a column, the
strand totals against the number of cases, an indicator's numerator against a cell of the
Victims' Code table) is one group. The same count printed in two tables is the same node, so
it is shown in both or hidden in both, and no table can give back what another hides.

Why not table by table: a total hidden in one table but printed in another, or a cell hidden
in a table but equal to a shown indicator minus a shown cell, is recovered by subtraction.
The statistics service publishes the number of cases once and every table's grand total is
that node; the strand totals are the row totals of the strands-over-time table.

The rule (the ONS 10-5 rule with secondary suppression, applied to the whole system):

1. primary: hide every count below the threshold;
2. secondary, per group: either nothing of the group is hidden, or at least two of its
   members are; when its total is shown, the hidden parts hold at least the threshold
   between them (so "total minus the shown parts" gives neither one cell nor a small
   number); when its total is hidden, at least one part is hidden too;
3. audit: a hidden count that the equations of all groups together still pin down (a chain
   of subtractions through several tables) is found by exact elimination over the rationals,
   and one more count of its groups is hidden, until none is.

Overlapping groups (one case can carry several strands) are treated as if they added up: a
reader who guesses that few cases carry two strands would otherwise come close to a hidden
count, so they are protected as strictly as exact sums.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, TypeVar

Node = TypeVar("Node", bound=Hashable)


@dataclass(frozen=True)
class Group(Generic[Node]):
    """``total`` is the sum of ``parts`` (or, if overlapping, would be without the overlap)."""

    total: Node
    parts: tuple[Node, ...]

    @property
    def members(self) -> tuple[Node, ...]:
        return (self.total, *self.parts)


def _smallest_shown(
    values: Mapping[Node, int], hidden: set[Node], candidates: Sequence[Node], keep: set[Node]
) -> Node | None:
    shown = [k for k in candidates if k not in hidden and k not in keep]
    return min(shown, key=lambda k: (values[k], repr(k))) if shown else None


def _protect(
    values: Mapping[Node, int],
    hidden: set[Node],
    group: Group[Node],
    threshold: int,
    keep: set[Node],
) -> bool:
    """Hide one more member of ``group`` if it is not yet safe; True when something changed."""
    hid = [k for k in group.parts if k in hidden]
    if group.total in hidden:
        if hid:
            return False
    elif not hid or (len(hid) >= 2 and sum(values[k] for k in hid) >= threshold):
        return False
    extra = _smallest_shown(values, hidden, group.parts, keep)
    if extra is None:  # every part is hidden and still unsafe: the total must go
        if group.total in hidden or group.total in keep:
            return False
        extra = group.total
    hidden.add(extra)
    return True


def determined(
    values: Mapping[Node, int], hidden: set[Node], groups: Sequence[Group[Node]]
) -> list[Node]:
    """Hidden nodes the groups' equations pin down, by Gauss-Jordan elimination over the
    rationals on the hidden unknowns (a node is pinned when its unit vector lies in the row
    space: a pivot column whose reduced row has no other non-zero entry)."""
    rows: list[dict[Node, Fraction]] = []
    for g in groups:
        row: dict[Node, Fraction] = {}
        for k, sign in ((g.total, -1), *((p, 1) for p in g.parts)):
            if k in hidden:
                row[k] = row.get(k, Fraction(0)) + sign
        row = {k: v for k, v in row.items() if v}
        if row:
            rows.append(row)
    reduced: list[tuple[Node, dict[Node, Fraction]]] = []  # (pivot, row), rows kept sparse
    for row in rows:
        for pivot, done in reduced:
            if pivot in row:
                _subtract(row, done, row[pivot])
        if not row:
            continue
        pivot = min(row, key=repr)
        lead = row[pivot]
        row = {k: v / lead for k, v in row.items()}
        for _, done in reduced:
            if pivot in done:
                _subtract(done, row, done[pivot])
        reduced.append((pivot, row))
    return sorted((p for p, row in reduced if len(row) == 1), key=repr)


def _subtract(row: dict[Node, Fraction], other: dict[Node, Fraction], factor: Fraction) -> None:
    for k, v in other.items():
        value = row.get(k, Fraction(0)) - factor * v
        if value:
            row[k] = value
        else:
            row.pop(k, None)


def suppress_linked(
    values: Mapping[Node, int],
    groups: Sequence[Group[Node]],
    *,
    threshold: int,
    keep: frozenset[Node] = frozenset(),
) -> set[Node]:
    """The nodes to hide. ``keep`` nodes (the number of cases, when it is not small) are
    never hidden for another's sake: protection is found among the other members."""
    hidden = {k for k, v in values.items() if v < threshold}
    kept = set(keep) - hidden
    while True:
        changed = True
        while changed:
            changed = False
            for g in groups:
                changed = _protect(values, hidden, g, threshold, kept) or changed
        pinned = determined(values, hidden, groups)
        if not pinned:
            return hidden
        extra = _unpin(values, hidden, groups, pinned[0], kept)
        if extra is None:  # everything around it is hidden already
            return hidden
        hidden.add(extra)


def _unpin(
    values: Mapping[Node, int],
    hidden: set[Node],
    groups: Sequence[Group[Node]],
    target: Node,
    kept: set[Node],
) -> Node | None:
    """The count to hide so ``target`` is no longer pinned: from its own groups first, then
    from the groups next to them, the smallest that works (the kept ones only at the last)."""
    near = {m for g in groups if target in g.members for m in g.members}
    further = {m for g in groups if near & set(g.members) for m in g.members} - near
    for keep in (kept, set()):
        ring = [
            k
            for hop in (near, further)
            for k in sorted(hop - hidden - keep, key=lambda k: (values[k], repr(k)))
        ]
        for k in ring:
            if target not in determined(values, hidden | {k}, groups):
                return k
        if ring:
            return ring[0]
    return None
