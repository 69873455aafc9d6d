"""The loader refuses every kind of broken file, naming the file, line and culprit."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskpanel.workflow import WorkflowDefinitionError, load_workflow
from riskpanel.workflow.diagram import to_dot, to_mermaid

SHIPPED = Path(__file__).resolve().parents[2] / "workflows" / "hate_crime_panel.yaml"

MINIMAL = """\
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
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "wf.yaml"
    path.write_text(text)
    return path


def problems(tmp_path: Path, text: str) -> str:
    with pytest.raises(WorkflowDefinitionError) as exc:
        load_workflow(write(tmp_path, text))
    return str(exc.value)


def test_shipped_workflow_loads_with_every_state_reachable() -> None:
    defn = load_workflow(SHIPPED)
    assert defn.initial_state == "referred"
    assert {"closed", "withdrawn"} == {n for n, s in defn.states.items() if s.terminal}
    mermaid = to_mermaid(defn)
    for state in defn.states:
        assert f"    {state} : " in mermaid
    assert "digraph" in to_dot(defn)


def test_minimal_file_loads(tmp_path: Path) -> None:
    assert load_workflow(write(tmp_path, MINIMAL)).transition("finish", "open") is not None


def test_a_copy_with_an_unknown_destination_names_it_and_its_line(tmp_path: Path) -> None:
    text = SHIPPED.read_text().replace("dest: listed", "dest: lsted", 1)
    out = problems(tmp_path, text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "dest: lsted" in row)
    assert f"wf.yaml:{line}: transition 'list_for_meeting' goes to unknown state 'lsted'" in out


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("source: open", "source: opne"), "starts from unknown state 'opne'"),
        (("roles: [coordinator]", "roles: [janitor]"), "unknown role 'janitor'"),
        (
            ("roles: [coordinator]", "roles: [coordinator]\n    guards: [os.system]"),
            "unknown guard 'os.system'",
        ),
        (("trigger: finish", "trigger: to_done"), "the name is reserved"),
        (("trigger: finish", "trigger: state"), "the name is reserved"),
        (
            ("{label: Done, terminal: true}", "{label: Done}"),
            "'done' is not terminal but has no way out",
        ),
        (("initial: true}", "}"), "exactly one state must be initial"),
        (("version: 1", "version: one"), "version"),
        (("title: Tiny", "title: Tiny\nsurprise: 1"), "surprise"),
    ],
)
def test_each_rule_refuses_a_broken_file(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    assert expected in problems(tmp_path, MINIMAL.replace(*change))


def test_unreachable_state_and_terminal_with_exit(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + "  - trigger: undo\n    label: Undo\n    source: done\n"
        + "    dest: open\n    roles: [chair]\n"
    )
    text = text.replace(
        "  done: {label: Done, terminal: true}",
        "  done: {label: Done, terminal: true}\n  lost: {label: Lost, terminal: true}",
    )
    out = problems(tmp_path, text)
    assert "terminal state 'done' has transitions out of it" in out
    assert "state 'lost' cannot be reached from 'open'" in out


def test_duplicate_trigger_from_one_state(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + "  - trigger: finish\n    label: Again\n    source: open\n"
        + "    dest: done\n    roles: [chair]\n"
    )
    assert "transition 'finish' is declared twice from state 'open'" in problems(tmp_path, text)


def test_timer_problems(tmp_path: Path) -> None:
    text = MINIMAL + (
        "timers:\n"
        "  - {name: a, kind: review_due, on_state: nowhere, anchor: entered_at, offset: 6 weeks}\n"
        "  - {name: b, kind: bake_cake, anchor: entered_at, offset: 6 weeks}\n"
        "  - {name: c, kind: review_due, anchor: entered_at, offset: soon}\n"
        "  - {name: d, kind: review_due, anchor: entered_at, offset: 1 day, fire: explode}\n"
    )
    out = problems(tmp_path, text)
    assert "timer 'a' is on unknown state 'nowhere'" in out
    assert "timer 'b': unknown kind 'bake_cake'" in out
    assert "timer 'c': offset 'soon'" in out
    assert "timer 'd' fires unknown trigger 'explode'" in out


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    assert "wf.yaml:3: not valid YAML" in problems(tmp_path, "name: x\nversion: 1\ntitle: a: b\n")
