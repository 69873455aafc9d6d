"""No test reads the clock when it is imported.

A date computed at import (a module constant, a default argument, a ``parametrize`` list) is
the date the run started, not the date the test runs: one run failed when it crossed
midnight. Tests take ``today`` and ``now`` from fixtures (tests/conftest.py) or read the clock
inside the test. This walks every test module's import-time code for a call to
``today()``/``now()``/``utcnow()``, or to a test helper that calls one of them.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
CLOCK = frozenset({"today", "now", "utcnow"})
CLOCK_CALL = re.compile(r"\b(?:today|now|utcnow)\(")


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _calls(node: ast.AST) -> Iterator[ast.Call]:
    """Calls evaluated with ``node``: a lambda's body runs later, so it is skipped."""
    if isinstance(node, ast.Lambda):
        return
    if isinstance(node, ast.Call):
        yield node
    for child in ast.iter_child_nodes(node):
        yield from _calls(child)


def _clock_helpers(trees: list[ast.Module]) -> set[str]:
    """Functions in the tests whose own body reads the clock (``trees``: the modules that
    call the clock somewhere)."""
    names = set(CLOCK)
    for tree in trees:
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef) and any(
                _name(c) in CLOCK for stmt in fn.body for c in _calls(stmt)
            ):
                names.add(fn.name)
    return names


def _import_time(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """What runs when a module is imported: its statements, class bodies, and each
    function's decorators and default arguments (never a function's body)."""
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from stmt.decorator_list
            yield from stmt.args.defaults
            yield from (d for d in stmt.args.kw_defaults if d is not None)
        elif isinstance(stmt, ast.ClassDef):
            yield from stmt.decorator_list
            yield from _import_time(stmt.body)
        else:
            yield stmt


def clock_at_import(root: Path) -> list[str]:
    sources = {path: path.read_text(encoding="utf-8") for path in root.rglob("*.py")}
    modules = {path: ast.parse(source) for path, source in sources.items()}
    reads = [modules[p] for p, source in sources.items() if CLOCK_CALL.search(source)]
    helpers = _clock_helpers(reads)
    return sorted(
        f"{path.relative_to(root.parent)}:{call.lineno}: {ast.unparse(call)}"
        for path, tree in modules.items()
        for node in _import_time(tree.body)
        for call in _calls(node)
        if _name(call) in helpers
    )


def test_no_test_reads_the_clock_at_import() -> None:
    assert clock_at_import(TESTS) == []


def test_the_check_finds_constants_defaults_and_parametrize_lists(tmp_path: Path) -> None:
    (tmp_path / "helpers.py").write_text(
        "from datetime import date\ndef incident(days=1):\n    return date.today()\n"
    )
    (tmp_path / "test_x.py").write_text(
        "import pytest\nfrom datetime import date, datetime\n"
        "TOMORROW = date.today()\n"
        "def f(when=datetime.now()):\n    return date.today()\n"
        "@pytest.mark.parametrize('x', [incident()])\ndef test_a(x): ...\n"
        "@pytest.mark.parametrize('x', [lambda: incident()])\ndef test_b(x): ...\n"
    )
    found = clock_at_import(tmp_path)
    assert [line.split(": ", 1)[1] for line in found] == [
        "date.today()",
        "datetime.now()",
        "incident()",
    ]
