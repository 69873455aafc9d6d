"""Loading a workflow file and checking everything before anything runs.

Every problem is reported with the file and line it comes from, all at once, so a panel
administrator editing the YAML fixes the file in one pass.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from riskpanel.roles import ALL_ROLES
from riskpanel.workflow.errors import WorkflowDefinitionError
from riskpanel.workflow.guards import GUARDS
from riskpanel.workflow.offsets import parse_offset
from riskpanel.workflow.schema import WorkflowDef

TIMER_KINDS = frozenset(
    {
        "review_due",
        "research_due",
        "monitoring_end",
        "support_referral_due",
        "key_update_due",
        "minutes_due",
        "action_overdue",
        "twelve_month_notice",
    }
)
# transitions adds these to the model object; a trigger with such a name would be skipped
RESERVED_TRIGGERS = frozenset({"state", "trigger", "machine", "model", "name", "fields"})
RESERVED_PREFIXES = ("to_", "may_", "is_", "on_enter", "on_exit")
Problems = list[tuple[int | None, str]]


def _lines(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out[(*path, key.value)] = key.start_mark.line + 1
            _lines(value, (*path, key.value), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, (*path, index), out)


def _line(lines: dict[tuple[Any, ...], int], path: tuple[Any, ...]) -> int | None:
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


def _parse(path: Path) -> tuple[Any, dict[tuple[Any, ...], int]]:
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise WorkflowDefinitionError(
            path, [(mark.line + 1 if mark else None, f"not valid YAML: {exc.problem}")]
        ) from None
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _lines(node, (), lines)
    return data, lines


def load_workflow(path: Path | str) -> WorkflowDef:
    path = Path(path)
    data, lines = _parse(path)
    if not isinstance(data, dict):
        raise WorkflowDefinitionError(path, [(1, "a workflow file must be a mapping")])
    try:
        definition = WorkflowDef.model_validate(data)
    except ValidationError as exc:
        problems: Problems = [
            (_line(lines, tuple(e["loc"])), f"{'.'.join(map(str, e['loc']))}: {e['msg']}")
            for e in exc.errors()
        ]
        raise WorkflowDefinitionError(path, problems) from None
    data = _expand_wildcards(data, definition)
    definition = WorkflowDef.model_validate(data)
    problems = check(definition, lines)
    if problems:
        raise WorkflowDefinitionError(path, problems)
    return definition


def _expand_wildcards(data: dict[str, Any], definition: WorkflowDef) -> dict[str, Any]:
    """`source: "*"` means every state that is not terminal."""
    open_states = [n for n, s in definition.states.items() if not s.terminal]
    for transition in data.get("transitions", []):
        source = transition.get("source")
        if source == "*" or source == ["*"]:
            transition["source"] = [s for s in open_states if s != transition.get("dest")]
    return data


def check(defn: WorkflowDef, lines: dict[tuple[Any, ...], int]) -> Problems:
    problems: Problems = []
    problems += _check_states(defn, lines)
    problems += _check_transitions(defn, lines)
    problems += _check_timers(defn, lines)
    if not problems:
        problems += _check_graph(defn, lines)
    return problems


def _check_states(defn: WorkflowDef, lines: dict[tuple[Any, ...], int]) -> Problems:
    initial = [n for n, s in defn.states.items() if s.initial]
    if len(initial) != 1:
        return [(_line(lines, ("states",)), f"exactly one state must be initial, found {initial}")]
    return []


def _check_transitions(defn: WorkflowDef, lines: dict[tuple[Any, ...], int]) -> Problems:
    problems: Problems = []
    seen: dict[tuple[str, str], int] = {}
    for i, t in enumerate(defn.transitions):
        at = ("transitions", i)
        where = f"transition {t.trigger!r}"
        if t.trigger in RESERVED_TRIGGERS or t.trigger.startswith(RESERVED_PREFIXES):
            problems.append((_line(lines, (*at, "trigger")), f"{where}: the name is reserved"))
        if t.dest not in defn.states:
            problems.append(
                (_line(lines, (*at, "dest")), f"{where} goes to unknown state {t.dest!r}")
            )
        for source in t.source:
            if source not in defn.states:
                problems.append(
                    (_line(lines, (*at, "source")), f"{where} starts from unknown state {source!r}")
                )
            elif (t.trigger, source) in seen:
                problems.append(
                    (
                        _line(lines, (*at, "trigger")),
                        f"{where} is declared twice from state {source!r} "
                        f"(first at transition {seen[(t.trigger, source)] + 1})",
                    )
                )
            seen.setdefault((t.trigger, source), i)
        for name in t.guards:
            if name not in GUARDS:
                problems.append((_line(lines, (*at, "guards")), f"{where}: unknown guard {name!r}"))
        for role in t.roles:
            if role not in ALL_ROLES:
                problems.append((_line(lines, (*at, "roles")), f"{where}: unknown role {role!r}"))
    return problems


def _check_timers(defn: WorkflowDef, lines: dict[tuple[Any, ...], int]) -> Problems:
    problems: Problems = []
    for i, timer in enumerate(defn.timers):
        at, where = ("timers", i), f"timer {timer.name!r}"
        if timer.on_state is not None and timer.on_state not in defn.states:
            problems.append(
                (_line(lines, (*at, "on_state")), f"{where} is on unknown state {timer.on_state!r}")
            )
        if timer.kind not in TIMER_KINDS:
            problems.append((_line(lines, (*at, "kind")), f"{where}: unknown kind {timer.kind!r}"))
        try:
            parse_offset(timer.offset)
        except ValueError as exc:
            problems.append((_line(lines, (*at, "offset")), f"{where}: {exc}"))
        if timer.fire is not None and not defn.has_trigger(timer.fire):
            problems.append(
                (_line(lines, (*at, "fire")), f"{where} fires unknown trigger {timer.fire!r}")
            )
    return problems


def _check_graph(defn: WorkflowDef, lines: dict[tuple[Any, ...], int]) -> Problems:
    problems: Problems = []
    reachable, queue = {defn.initial_state}, deque([defn.initial_state])
    while queue:
        for t in defn.transitions_from(queue.popleft()):
            if t.dest not in reachable:
                reachable.add(t.dest)
                queue.append(t.dest)
    for name, state in defn.states.items():
        at = _line(lines, ("states", name))
        outgoing = defn.transitions_from(name)
        if name not in reachable:
            problems.append((at, f"state {name!r} cannot be reached from {defn.initial_state!r}"))
        if state.terminal and outgoing:
            problems.append((at, f"terminal state {name!r} has transitions out of it"))
        if not state.terminal and not outgoing:
            problems.append((at, f"state {name!r} is not terminal but has no way out"))
    return problems
