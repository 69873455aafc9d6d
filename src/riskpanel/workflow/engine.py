"""Firing a trigger with the `transitions` library.

A Machine is built for each command around a plain adapter object that starts in the
stored state; nothing is attached to a database row and no machine outlives the call, so
no lock or model list is shared between cases. The caller stores the outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from transitions import EventData, Machine, MachineError

from riskpanel.workflow.errors import (
    FieldRequired,
    GuardFailed,
    RoleNotAllowed,
    TransitionNotAllowed,
    UnknownTrigger,
)
from riskpanel.workflow.guards import GUARDS, GuardContext, GuardResult
from riskpanel.workflow.schema import TransitionDef, WorkflowDef


@dataclass(frozen=True)
class TransitionOutcome:
    trigger: str
    source: str
    dest: str
    label: str


@dataclass(frozen=True)
class AvailableTrigger:
    trigger: str
    label: str
    dest: str
    requires: tuple[str, ...]
    reason_required: bool
    blocked_by: str | None  # the first guard that would refuse it now, with its reason


class _Case:
    """The adapter the machine drives; it records which guard refused, and why."""

    def __init__(self) -> None:
        self.refusal: tuple[str, str] | None = None


def _condition(
    name: str, ctx: GuardContext, fields: Mapping[str, Any], th: Mapping[str, int]
) -> Callable[[EventData], bool]:
    check = GUARDS[name]

    def condition(event: EventData) -> bool:
        result: GuardResult = check(ctx, fields, th)
        if not result.ok:
            event.model.refusal = (name, result.reason)  # type: ignore[attr-defined]
        return result.ok

    return condition


def _check_inputs(
    t: TransitionDef, role: str, reason: str | None, fields: Mapping[str, Any]
) -> None:
    if role not in t.roles:
        raise RoleNotAllowed(t.trigger, role)
    if t.reason_required and not (reason and reason.strip()):
        raise FieldRequired(t.trigger, "reason")
    for name in t.requires:
        if fields.get(name) in (None, ""):
            raise FieldRequired(t.trigger, f"fields.{name}")


def fire(
    defn: WorkflowDef,
    *,
    state: str,
    trigger: str,
    role: str,
    ctx: GuardContext,
    reason: str | None = None,
    fields: Mapping[str, Any] | None = None,
    thresholds: Mapping[str, int] | None = None,
) -> TransitionOutcome:
    """Decide a transition; raises a distinct error for each way it can be refused.

    `thresholds` are the panel's own settings, laid over the workflow's defaults.
    """
    fields = fields or {}
    th = {**defn.thresholds, **(thresholds or {})}
    if not defn.has_trigger(trigger):
        raise UnknownTrigger(trigger, defn.name)
    t = defn.transition(trigger, state)
    if t is None:
        allowed = [a.trigger for a in available(defn, state=state, role=role, ctx=ctx)]
        raise TransitionNotAllowed(trigger, state, allowed)
    _check_inputs(t, role, reason, fields)
    model = _Case()
    machine = Machine(
        model=model,
        states=list(defn.states),
        initial=state,
        auto_transitions=False,
        send_event=True,
    )
    machine.add_transition(
        t.trigger,
        list(t.source),
        t.dest,
        conditions=[_condition(g, ctx, fields, th) for g in t.guards],
    )
    try:
        moved = model.trigger(t.trigger)  # type: ignore[attr-defined]
    except MachineError:  # pragma: no cover - ruled out by the lookup above
        raise TransitionNotAllowed(trigger, state, []) from None
    if not moved:
        guard, why = model.refusal or ("a condition", "it was not met")
        raise GuardFailed(trigger, guard, why)
    return TransitionOutcome(t.trigger, state, model.state, t.label)  # type: ignore[attr-defined]


def available(
    defn: WorkflowDef, *, state: str, role: str, ctx: GuardContext
) -> list[AvailableTrigger]:
    """The triggers this role may fire from `state`, each with what would block it now."""
    out = []
    for t in defn.transitions_from(state):
        if role not in t.roles:
            continue
        blocked = None
        for name in t.guards:
            result = GUARDS[name](ctx, {}, defn.thresholds)
            if not result.ok and name != "route_evidenced":
                blocked = f"{name}: {result.reason}"
                break
        out.append(
            AvailableTrigger(t.trigger, t.label, t.dest, t.requires, t.reason_required, blocked)
        )
    return out
