"""Timer offsets, diagrams, the folder registry and version migration plans."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from riskpanel.kit.errors import InvalidInput, NotFound
from riskpanel.workflow import (
    Offset,
    WorkflowDefinitionError,
    compute_due,
    load_workflow,
    load_workflow_dir,
    parse_offset,
    plan_migration,
    to_dot,
    to_mermaid,
)
from tests.workflow.helpers import MINIMAL, SHIPPED, write


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("6 weeks", Offset(6, "weeks")),
        ("1 week", Offset(1, "weeks")),
        ("12 months", Offset(12, "months")),
        ("2 working days", Offset(2, "working_days")),
        ("1 working day", Offset(1, "working_days")),
        ("-3 working days", Offset(-3, "working_days")),
        ("-10 days", Offset(-10, "days")),
        ("+4  hours", Offset(4, "hours")),
        ("0 days", Offset(0, "days")),
    ],
)
def test_offsets_parse(text: str, offset: Offset) -> None:
    assert parse_offset(text) == offset


@pytest.mark.parametrize("text", ["a fortnight", "6", "weeks", "6 wks", "1.5 days", "1001 days"])
def test_bad_offsets_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=repr(text)):
        parse_offset(text)


FRIDAY = datetime(2026, 8, 28, 10, tzinfo=UTC)  # the Friday before the August bank holiday


def test_compute_due() -> None:
    assert compute_due("6 weeks", FRIDAY) == FRIDAY + timedelta(weeks=6)
    assert compute_due("-10 days", FRIDAY) == datetime(2026, 8, 18, 10, tzinfo=UTC)
    assert compute_due("0 days", FRIDAY) == FRIDAY
    assert compute_due("12 months", datetime(2024, 2, 29, tzinfo=UTC)).date() == date(2025, 2, 28)
    assert compute_due("1 months", datetime(2026, 1, 31, tzinfo=UTC)).date() == date(2026, 2, 28)
    assert compute_due("-2 months", datetime(2026, 1, 15, tzinfo=UTC)).date() == date(2025, 11, 15)
    # weekdays only by default: the bank holiday Monday counts
    assert compute_due("1 working day", FRIDAY) == datetime(2026, 8, 31, 10, tzinfo=UTC)
    assert compute_due("-3 working days", FRIDAY).date() == date(2026, 8, 25)


def test_compute_due_uses_the_injected_working_day_calendar() -> None:
    calls: list[tuple[date, int]] = []

    def uk(day: date, n: int) -> date:
        calls.append((day, n))
        return date(2026, 9, 1)  # skips the bank holiday, as govuk-bank-holidays would

    assert compute_due(Offset(1, "working_days"), FRIDAY, uk) == datetime(
        2026, 9, 1, 10, tzinfo=UTC
    )
    assert calls == [(date(2026, 8, 28), 1)]
    assert compute_due("6 weeks", FRIDAY, uk) == FRIDAY + timedelta(weeks=6)
    assert len(calls) == 1


def test_mermaid_has_every_state_and_transition() -> None:
    defn = load_workflow(SHIPPED)
    mermaid = to_mermaid(defn)
    assert mermaid.startswith("stateDiagram-v2\n")
    for name in defn.states:
        assert f"\n    {name} : " in mermaid
    for t in defn.transitions:
        for source in t.source:
            assert f"\n    {source} --> {t.dest} : {t.trigger}\n" in mermaid
    assert "\n    [*] --> referred\n" in mermaid
    assert "closed --> [*]" in mermaid and "withdrawn --> [*]" in mermaid
    assert "monitoring --> [*]" not in mermaid


def test_dot_escapes_labels(tmp_path: Path) -> None:
    text = MINIMAL.replace("{label: Open,", '{label: "Say \\"hi\\": now",')
    dot = to_dot(load_workflow(write(tmp_path, text)))
    assert 'open [label="Say \\"hi\\": now", shape=box, style="bold"];' in dot
    assert 'done [label="Done", shape=doublecircle];' in dot
    assert 'open -> done [label="finish"];' in dot and dot.rstrip().endswith("}")
    assert 'open : Say "hi" - now' in to_mermaid(load_workflow(write(tmp_path, text)))


def _versions(tmp_path: Path) -> Path:
    folder = tmp_path / "workflows"
    folder.mkdir()
    write(folder, MINIMAL, "tiny_v1.yaml")
    v2 = MINIMAL.replace("version: 1", "version: 2").replace(": done", ": finished")
    v2 = v2.replace("  done:", "  finished:")
    write(folder, v2, "tiny_v2.yaml")
    (folder / "risk").mkdir()
    write(folder / "risk", "not: a workflow\n", "checklist.yaml")
    return folder


def test_folder_registry_by_name_and_version(tmp_path: Path) -> None:
    registry = load_workflow_dir(_versions(tmp_path))
    assert registry.get("tiny").version == 2
    assert "done" in registry.get("tiny", 1).states
    assert [d.version for d in registry.latest()] == [2]
    with pytest.raises(NotFound):
        registry.get("tiny", 3)
    with pytest.raises(NotFound):
        registry.get("huge")


def test_folder_registry_reports_every_broken_file_and_duplicate_versions(tmp_path: Path) -> None:
    folder = _versions(tmp_path)
    write(folder, MINIMAL, "tiny_copy.yaml")
    write(folder, MINIMAL.replace("dest: done", "dest: dnoe"), "broken.yaml")
    with pytest.raises(WorkflowDefinitionError) as exc:
        load_workflow_dir(folder)
    lines = exc.value.lines()
    assert lines[0].startswith(f"{folder / 'broken.yaml'}:11: transition 'finish' goes to")
    assert lines[-1].startswith(f"{folder / 'tiny_v1.yaml'}:?: tiny version 1 is also defined")


def test_migration_plan_maps_every_state(tmp_path: Path) -> None:
    registry = load_workflow_dir(_versions(tmp_path))
    old, new = registry.get("tiny", 1), registry.get("tiny", 2)
    plan = plan_migration(old, new, {"done": "finished"})
    assert plan.state_map == {"open": "open", "done": "finished"}
    assert plan.renamed == {"done": "finished"}
    with pytest.raises(InvalidInput) as exc:
        plan_migration(old, new, {"gone": "open"})
    assert {e.field for e in exc.value.errors} == {"map.gone", "map.done"}
    with pytest.raises(InvalidInput) as backwards:
        plan_migration(new, old, {"finished": "nowhere"})
    assert [e.field for e in backwards.value.errors] == ["to", "map.finished"]
