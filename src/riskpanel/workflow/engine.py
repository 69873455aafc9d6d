"""Firing a trigger with the `transitions` library.

A Machine is built for each command around a plain adapter object that starts in the
stored state; nothing is attached to a database row and no machine outlives the call, so
no lock or model list is shared between cases and memory does not grow with the number of
cases. The caller stores the outcome. Every refusal is decided before anything could
change, and each has its own error class (see `riskpanel.workflow.errors`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from transitions import EventData, Machine

from riskpanel.workflow.errors import (
    FieldRequired,
    GuardFailed,
    ReasonRequired,
    RoleNotAllowed,
    TransitionNotAllowed,
    UnknownState,
    UnknownTrigger,
)
from riskpanel.workflow.guards import GuardContext, GuardSpec
from riskpanel.workflow.schema import TransitionDef, WorkflowDefinition


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
    blocked_by: str | None  # "guard: why" for the first guard that would refuse it now
    reason_label: str = ""  # the question over the reason box
    refusal: str | None = None  # the file's sentence for the guard in blocked_by


class CaseAdapter:
    """What the machine drives: never the database row, so a refused trigger cannot
    touch it. Records which guard refused, and why."""

    def __init__(self) -> None:
        self.refusal: tuple[str, str] | None = None


# transitions binds `state`, `trigger`, `may_trigger`, `is_<state>`, `may_<trigger>` and
# (with auto transitions) `to_<state>` onto the model, and silently skips a trigger whose
# name is already an attribute there; the loader refuses such names up front.
RESERVED_PREFIXES = ("to_", "may_", "is_")
RESERVED_NAMES = frozenset({"state", "trigger", "may_trigger", *dir(CaseAdapter())})


def _condition(
    spec: GuardSpec, ctx: GuardContext, thresholds: Mapping[str, int]
) -> Callable[[EventData], bool]:
    def condition(event: EventData) -> bool:
        result = spec(ctx, thresholds)
        if not result.ok and isinstance(event.model, CaseAdapter):
            event.model.refusal = (spec.name, result.reason)
        return result.ok

    return condition


def _declared(defn: WorkflowDefinition, state: str, trigger: str, role: str) -> TransitionDef:
    if not defn.has_trigger(trigger):
        raise UnknownTrigger(trigger, defn.name)
    if state not in defn.states:
        raise UnknownState(state, defn.name, defn.version)
    t = defn.transition(trigger, state)
    if t is None:
        allowed = [a.trigger for a in defn.transitions_from(state) if role in a.roles]
        raise TransitionNotAllowed(trigger, state, allowed)
    return t


def _check_inputs(
    t: TransitionDef, role: str, reason: str | None, fields: Mapping[str, Any]
) -> None:
    if role not in t.roles:
        raise RoleNotAllowed(t.trigger, role)
    if t.reason_required and not (reason and reason.strip()):
        raise ReasonRequired(t.trigger)
    for name in t.requires:
        value = fields.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise FieldRequired(t.trigger, f"fields.{name}")


def fire(
    defn: WorkflowDefinition,
    *,
    state: str,
    trigger: str,
    role: str,
    ctx: GuardContext,
    reason: str | None = None,
    fields: Mapping[str, Any] | None = None,
    thresholds: Mapping[str, int] | None = None,
) -> TransitionOutcome:
    """Decide one transition from the stored `state`; nothing is stored here.

    Refusals, in the order they are checked: UnknownTrigger (422), UnknownState (409),
    TransitionNotAllowed (409, lists allowed_triggers), RoleNotAllowed (403),
    ReasonRequired / FieldRequired (422), GuardFailed (409, names the guard).
    `thresholds` are the panel's own settings, laid over the file's defaults.
    """
    supplied = MappingProxyType(dict(fields or {}))
    t = _declared(defn, state, trigger, role)
    _check_inputs(t, role, reason, supplied)
    th = {**defn.thresholds, **(thresholds or {})}
    ctx = replace(ctx, fields=supplied)
    model = CaseAdapter()
    machine = Machine(  # only the two states this command can touch: half the build cost
        model=model,
        states=list(dict.fromkeys((state, t.dest))),
        initial=state,
        auto_transitions=False,
        send_event=True,
    )
    conditions: list[str | Callable[..., bool | None]] = [
        _condition(defn.guard(g), ctx, th) for g in t.guards
    ]
    machine.add_transition(t.trigger, state, t.dest, conditions=conditions)
    if not model.trigger(t.trigger):  # type: ignore[attr-defined]
        guard, why = model.refusal or ("a condition", "it was not met")
        raise GuardFailed(trigger, guard, why, defn.refusals.get(guard, ""))
    return TransitionOutcome(t.trigger, state, model.state, t.label)  # type: ignore[attr-defined]


def _blocked_by(
    defn: WorkflowDefinition,
    t: TransitionDef,
    ctx: GuardContext,
    th: Mapping[str, int],
) -> str | None:
    """A guard that reads input the caller has not given yet is not a blocker: the
    caller gives it when firing (e.g. the route chosen at screening)."""
    for name in t.guards:
        spec = defn.guard(name)
        if any(f not in ctx.fields for f in spec.fields):
            continue
        result = spec(ctx, th)
        if not result.ok:
            return f"{name}: {result.reason}"
    return None


def available(
    defn: WorkflowDefinition,
    *,
    state: str,
    role: str,
    ctx: GuardContext,
    fields: Mapping[str, Any] | None = None,
    thresholds: Mapping[str, int] | None = None,
) -> list[AvailableTrigger]:
    """The triggers this role may fire from `state`, each with what would block it now.

    An unknown state offers nothing (the page still renders; firing says why).
    """
    th = {**defn.thresholds, **(thresholds or {})}
    ctx = replace(ctx, fields=MappingProxyType(dict(fields or {})))
    out = []
    for t in defn.transitions_from(state):
        if role not in t.roles:
            continue
        blocked = _blocked_by(defn, t, ctx, th)
        refusal = defn.refusal(blocked.split(":", 1)[0]) if blocked else None
        out.append(
            AvailableTrigger(
                t.trigger,
                t.label,
                t.dest,
                t.requires,
                t.reason_required,
                blocked,
                t.reason_label or "Reason",
                refusal,
            )
        )
    return out


available_triggers = available
