"""Small YAML fixtures shared by the workflow tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskpanel.workflow import WorkflowDefinitionError, load_workflow
from riskpanel.workflow.schema import OUTCOME_CODES

SHIPPED = Path(__file__).resolve().parents[2] / "workflows" / "hate_crime_panel.yaml"

OUTCOMES = "".join(
    f"  {code}: {code.replace('_', ' ').capitalize()}\n" for code in sorted(OUTCOME_CODES)
)
"""Every outcome code with a label, as any workflow file the app runs must give them."""

MINIMAL = (
    """\
name: tiny
version: 1
title: Tiny
states:
  open: {label: Open, initial: true}
  done: {label: Done, terminal: true}
transitions:
  - trigger: finish
    label: Finish
    source: open
    dest: done
    roles: [coordinator]
outcomes:
"""
    + OUTCOMES
)


def write(tmp_path: Path, text: str, name: str = "wf.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    """The loader's report for `text`, one problem per line."""
    with pytest.raises(WorkflowDefinitionError) as exc:
        load_workflow(write(tmp_path, text))
    assert str(exc.value) == "\n".join(exc.value.lines())
    return exc.value.lines()


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line containing `fragment`."""
    hits = [n for n, row in enumerate(text.splitlines(), 1) if fragment in row]
    return hits[occurrence - 1]


def add_transition(text: str, body: str) -> str:
    """Append one transition (YAML flow mapping) to MINIMAL-shaped text."""
    return text.replace("transitions:\n", f"transitions:\n  - {body}\n", 1)
