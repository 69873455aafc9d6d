"""The cross-checks a schema cannot express, each naming the line at fault.

They run after pydantic has accepted the shape, and all of them run, so an administrator
editing the file sees every problem at once.
"""

from __future__ import annotations

import re
from collections import deque

from riskpanel.kit.roles import ALL_ROLES
from riskpanel.workflow.engine import RESERVED_NAMES, RESERVED_PREFIXES
from riskpanel.workflow.guards import GUARDS
from riskpanel.workflow.offsets import parse_offset
from riskpanel.workflow.schema import (
    OUTCOME_CODES,
    TIMER_ANCHORS,
    TIMER_KINDS,
    WILDCARD,
    TimerDef,
    TransitionDef,
    WorkflowDefinition,
)
from riskpanel.workflow.source import Problems, Source

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
SYSTEM_ROLE = "system"
Seen = dict[tuple[str, str], int]
"""(trigger, source state) -> the index of the transition that declared the pair first."""


def check(defn: WorkflowDefinition, src: Source) -> Problems:
    problems = _check_states(defn, src) + _check_thresholds(defn, src) + _check_words(defn, src)
    seen: Seen = {}
    for i, t in enumerate(defn.transitions):
        problems += _check_transition(defn, src, i, t, seen)
    names: set[str] = set()
    for i, timer in enumerate(defn.timers):
        problems += _check_timer(defn, src, i, timer, names)
    if _states_sound(defn):  # graph checks on a graph with holes would only add noise
        problems += _check_graph(defn, src)
    return sorted(problems, key=lambda p: p[0] or 0)


def _states_sound(defn: WorkflowDefinition) -> bool:
    known = defn.states.keys()
    initial = [s for s in defn.states.values() if s.initial]
    return len(initial) == 1 and all(
        t.dest in known and set(t.source) <= known for t in defn.transitions
    )


def _check_states(defn: WorkflowDefinition, src: Source) -> Problems:
    problems: Problems = []
    initial = [n for n, s in defn.states.items() if s.initial]
    if len(initial) != 1:
        found = ", ".join(initial) or "none"
        problems.append((src.line("states"), f"exactly one state must be initial (found: {found})"))
    if not any(s.terminal for s in defn.states.values()):
        problems.append((src.line("states"), "no state is terminal: a case could never end"))
    for name, state in defn.states.items():
        at = src.line("states", name)
        if not _NAME.match(name):
            problems.append((at, f"state name {name!r} must be lower_snake_case"))
        if state.initial and state.terminal:
            problems.append((at, f"initial state {name!r} cannot be terminal"))
    return problems


def _check_words(defn: WorkflowDefinition, src: Source) -> Problems:
    """The panel's words: people never read a trigger, guard or outcome code, so every
    reason box has its question, every guard that can refuse its sentence, and every
    outcome code its label."""
    problems: Problems = []
    for i, t in enumerate(defn.transitions):
        if not t.label.strip():
            problems.append((src.line("transitions", i, "label"), f"{t.trigger!r}: empty label"))
        if t.reason_required and not t.reason_label.strip():
            problems.append(
                (
                    src.line("transitions", i, "reason_required"),
                    f"transition {t.trigger!r} needs a reason_label (the question over the "
                    "reason box, e.g. 'Why is the case being withdrawn?')",
                )
            )
    unsaid = {g for t in defn.transitions for g in t.guards if not defn.refusals.get(g, "").strip()}
    for i, t in enumerate(defn.transitions):  # each at the first transition naming it
        for name in [g for g in t.guards if g in unsaid]:
            unsaid.discard(name)
            line = src.line("transitions", i, "guards")
            problems.append((line, f"guard {name!r} needs a sentence under refusals:"))
    for code in sorted(OUTCOME_CODES):
        if not defn.outcomes.get(code, "").strip():
            problems.append((src.line("outcomes"), f"outcome {code!r} needs a label"))
    for name, state in defn.states.items():
        if not state.label.strip():
            problems.append((src.line("states", name), f"state {name!r}: empty label"))
    return problems


def _check_thresholds(defn: WorkflowDefinition, src: Source) -> Problems:
    return [
        (src.line("thresholds", name), f"threshold {name!r} cannot be negative ({value})")
        for name, value in defn.thresholds.items()
        if value < 0
    ]


def _check_transition(
    defn: WorkflowDefinition, src: Source, i: int, t: TransitionDef, seen: Seen
) -> Problems:
    at = ("transitions", i)
    where = f"transition {t.trigger!r}"
    problems: Problems = []
    if t.trigger in RESERVED_NAMES or t.trigger.startswith(RESERVED_PREFIXES):
        problems.append(
            (
                src.line(*at, "trigger"),
                f"{where}: the name is reserved by the engine (state, trigger, to_*, may_*, is_*)",
            )
        )
    if t.dest not in defn.states:
        problems.append((src.line(*at, "dest"), f"{where} goes to unknown state {t.dest!r}"))
    problems += _check_sources(defn, src, i, t, seen)
    problems += _check_guards(defn, src, i, t)
    if not t.roles:
        problems.append((src.line(*at, "roles"), f"{where}: no role may fire it"))
    for role in t.roles:
        if role not in ALL_ROLES:
            problems.append((src.line(*at, "roles"), f"{where}: unknown role {role!r}"))
    for name in t.requires:
        if name == "reason":
            problems.append((src.line(*at, "requires"), f"{where}: use reason_required: true"))
        elif not _NAME.match(name):
            problems.append((src.line(*at, "requires"), f"{where}: bad field name {name!r}"))
    return problems


def _check_sources(
    defn: WorkflowDefinition, src: Source, i: int, t: TransitionDef, seen: Seen
) -> Problems:
    problems: Problems = []
    line = src.line("transitions", i, "source")
    where = f"transition {t.trigger!r}"
    for source in t.source:
        if source == WILDCARD:
            problems.append((line, f"{where}: '*' stands alone and needs an open state to cover"))
        elif source not in defn.states:
            problems.append((line, f"{where} starts from unknown state {source!r}"))
        elif (t.trigger, source) in seen:
            first = seen[(t.trigger, source)]
            problems.append(
                (
                    src.line("transitions", i, "trigger"),
                    f"{where} is declared twice from state {source!r} "
                    f"(first at line {src.line('transitions', first)})",
                )
            )
        else:
            seen[(t.trigger, source)] = i
    return problems


def _check_guards(defn: WorkflowDefinition, src: Source, i: int, t: TransitionDef) -> Problems:
    problems: Problems = []
    line = src.line("transitions", i, "guards")
    where = f"transition {t.trigger!r}"
    if len(set(t.guards)) != len(t.guards):
        problems.append((line, f"{where}: a guard is listed twice"))
    for name in t.guards:
        spec = GUARDS.get(name)
        if spec is None:
            known = ", ".join(sorted(GUARDS))
            problems.append((line, f"{where}: unknown guard {name!r} (known: {known})"))
            continue
        for field in spec.fields:
            if field not in t.requires:
                problems.append(
                    (line, f"{where}: guard {name!r} reads field {field!r}; add it to requires")
                )
        for threshold in spec.thresholds:
            if threshold not in defn.thresholds:
                problems.append((line, f"{where}: guard {name!r} needs threshold {threshold!r}"))
    return problems


def _check_timer(
    defn: WorkflowDefinition, src: Source, i: int, timer: TimerDef, names: set[str]
) -> Problems:
    at, where = ("timers", i), f"timer {timer.name!r}"
    problems: Problems = []
    if timer.name in names:
        problems.append((src.line(*at, "name"), f"{where} is declared twice"))
    names.add(timer.name)
    if timer.on_state is not None and timer.on_state not in defn.states:
        problems.append(
            (src.line(*at, "on_state"), f"{where} is on unknown state {timer.on_state!r}")
        )
    if timer.kind not in TIMER_KINDS:
        known = ", ".join(sorted(TIMER_KINDS))
        problems.append((src.line(*at, "kind"), f"{where}: unknown kind {timer.kind!r} ({known})"))
    if timer.anchor not in TIMER_ANCHORS:
        problems.append((src.line(*at, "anchor"), f"{where}: unknown anchor {timer.anchor!r}"))
    elif timer.anchor == "entered_at" and timer.on_state is None:
        problems.append((src.line(*at, "anchor"), f"{where}: entered_at needs an on_state"))
    try:
        parse_offset(timer.offset)
    except ValueError as exc:
        problems.append((src.line(*at, "offset"), f"{where}: {exc}"))
    if timer.fire is not None:
        problems += _check_timer_fire(defn, src, i, timer)
    return problems


def _check_timer_fire(defn: WorkflowDefinition, src: Source, i: int, timer: TimerDef) -> Problems:
    """`riskpanel tick` fires as the system role, from the timer's state, with no reason
    and no fields: anything else would be refused at 3am instead of at start-up."""
    line, where = src.line("timers", i, "fire"), f"timer {timer.name!r}"
    if not defn.has_trigger(timer.fire or ""):
        return [(line, f"{where} fires unknown trigger {timer.fire!r}")]
    if timer.on_state is None:
        return [(line, f"{where} fires {timer.fire!r} but is on no state")]
    t = defn.transition(timer.fire or "", timer.on_state)
    if t is None:
        return [(line, f"{where} fires {timer.fire!r}, not declared from {timer.on_state!r}")]
    problems: Problems = []
    if SYSTEM_ROLE not in t.roles:
        problems.append((line, f"{where} fires {t.trigger!r}, which the system role may not"))
    if t.reason_required or t.requires:
        problems.append((line, f"{where} fires {t.trigger!r}, which needs input from a person"))
    others = [x for x in defn.timers if x.fire and x.kind == timer.kind and x is not timer]
    if others:
        problems.append((line, f"{where}: another firing timer has kind {timer.kind!r}"))
    return problems


def _reachable(defn: WorkflowDefinition, start: set[str], *, forward: bool) -> set[str]:
    edges: dict[str, set[str]] = {}
    for t in defn.transitions:
        for source in t.source:
            a, b = (source, t.dest) if forward else (t.dest, source)
            edges.setdefault(a, set()).add(b)
    seen, queue = set(start), deque(start)
    while queue:
        for nxt in edges.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _check_graph(defn: WorkflowDefinition, src: Source) -> Problems:
    problems: Problems = []
    initial = defn.initial_state
    reachable = _reachable(defn, {initial}, forward=True)
    terminals = {n for n, s in defn.states.items() if s.terminal}
    can_end = _reachable(defn, terminals, forward=False)
    for name, state in defn.states.items():
        at = src.line("states", name)
        outgoing = defn.transitions_from(name)
        if name not in reachable:
            problems.append((at, f"state {name!r} cannot be reached from {initial!r}"))
        if state.terminal and outgoing:
            problems.append((at, f"terminal state {name!r} has transitions out of it"))
        elif not state.terminal and not outgoing:
            problems.append((at, f"state {name!r} is not terminal but has no way out"))
        elif terminals and name not in can_end:
            problems.append((at, f"state {name!r} can never lead to a terminal state"))
    return problems
