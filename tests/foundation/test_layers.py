"""The package layering (docs/ARCHITECTURE.md, "Layers") holds as an import graph.

The graph is read from the source by grimp, imports inside functions included, and
collapsed to top-level units (``riskpanel.<x>``). A cycle among units means two packages
each need the other, so neither can be understood, tested or replaced on its own; the
failure names every edge of the cycle with the modules that make it, so the fix can start
from the right import.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import grimp
import pytest

pytestmark = pytest.mark.nodb

ROOT = "riskpanel"
PURE = ("riskpanel.workflow", "riskpanel.risk", "riskpanel.privacy")
FORBIDDEN_IN_PURE = (
    "fastapi",
    "starlette",
    "sqlalchemy",
    "sqlmodel",
    "riskpanel.db",
    "riskpanel.models",
    "riskpanel.api",
)
Edges = dict[tuple[str, str], list[tuple[str, str]]]


@cache
def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(ROOT, include_external_packages=True)


def unit(module: str) -> str:
    """``riskpanel.a.b.c`` -> ``riskpanel.a``; an external module -> its top package."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == ROOT else parts[0]


@cache
def unit_edges() -> Edges:
    """(importing unit, imported unit) -> the (importer, imported) module pairs behind it."""
    graph = _graph()
    edges: Edges = defaultdict(list)
    for module in graph.modules:
        if not module.startswith(ROOT):
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            a, b = unit(module), unit(imported)
            if a != b:
                edges[(a, b)].append((module, imported))
    return dict(edges)


def strongly_connected(edges: Edges) -> list[set[str]]:
    """Tarjan's algorithm (iterative): every set of units that reach each other."""
    adjacent: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        if a.startswith(ROOT) and b.startswith(ROOT):
            adjacent[a].add(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for start in sorted(adjacent):
        if start in index:
            continue
        work = [(start, iter(sorted(adjacent[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(adjacent[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def _describe(component: set[str], edges: Edges) -> str:
    lines = [f"cycle among {', '.join(sorted(component))}:"]
    for (a, b), pairs in sorted(edges.items()):
        if a in component and b in component:
            made_by = ", ".join(f"{m} -> {i}" for m, i in sorted(set(pairs)))
            lines.append(f"  {a} -> {b}  ({made_by})")
    return "\n".join(lines)


def test_no_cycle_between_packages() -> None:
    edges = unit_edges()
    cycles = strongly_connected(edges)
    assert not cycles, "\n".join(_describe(c, edges) for c in cycles)


def test_kit_imports_only_config() -> None:
    wrong = {
        (a, b): pairs
        for (a, b), pairs in unit_edges().items()
        if a == "riskpanel.kit" and b.startswith(ROOT) and b != "riskpanel.config"
    }
    assert not wrong, f"riskpanel.kit must stay framework- and domain-free: {wrong}"


@pytest.mark.parametrize("package", PURE)
def test_pure_cores_import_no_framework_or_database(package: str) -> None:
    wrong = {
        (a, b): pairs
        for (a, b), pairs in unit_edges().items()
        if a == package and any(b == f or b.startswith(f + ".") for f in FORBIDDEN_IN_PURE)
    }
    assert not wrong, f"{package} is a pure core: {wrong}"
