"""Random trigger sequences through the pure engine, checked against the file itself.

The oracle reads the raw transition list (not the engine's index) and predicts, for every
step, either the destination or the exact kind of refusal; the engine must agree.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from riskpanel.kit.errors import RiskPanelError
from riskpanel.workflow import (
    GUARDS,
    FieldRequired,
    GuardContext,
    GuardFailed,
    ReasonRequired,
    RoleNotAllowed,
    TransitionNotAllowed,
    UnknownTrigger,
    fire,
    load_workflow,
)
from tests.workflow.helpers import SHIPPED

DEFN = load_workflow(SHIPPED)
TRIGGERS = [*sorted({t.trigger for t in DEFN.transitions}), "teleport", "to_closed"]
ROLES = ["coordinator", "chair", "agency", "system", "admin"]
ROUTES = ["high_risk", "repeat", "escalation"]

mostly = st.sampled_from([True, True, True, False])  # enough yes to get deep into a case

contexts = st.builds(
    GuardContext,
    route=st.none() | st.sampled_from(ROUTES),
    eligible_routes=st.frozensets(st.sampled_from(ROUTES)),
    strands_confirmed=mostly,
    consent_basis_recorded=mostly,
    on_agenda=mostly,
    open_actions=st.integers(0, 2),
    unresolved_actions=st.sampled_from([0, 0, 1]),
    within_repeat_window=mostly,
)
inputs = st.tuples(
    st.sampled_from(["coordinator", "coordinator", "chair", *ROLES]),
    contexts,
    st.sampled_from([None, "", "a reason", "a reason", "a reason"]),
    st.none() | st.fixed_dictionaries({"route": st.sampled_from(ROUTES)}),
)


def triggers_for(state: str) -> st.SearchStrategy[str]:
    """Mostly triggers declared from `state`, so runs get deep into the lifecycle."""
    here = [t.trigger for t in DEFN.transitions_from(state)]
    anything = st.sampled_from(TRIGGERS)
    return st.sampled_from(here) | anything if here else anything


def expected(
    state: str, trigger: str, role: str, ctx: GuardContext, reason: str | None, fields: Any
) -> type[RiskPanelError] | str:
    """What the file says should happen: an error class, or the destination."""
    declared = [t for t in DEFN.transitions if t.trigger == trigger]
    if not declared:
        return UnknownTrigger
    here = [t for t in declared if state in t.source]
    if not here:
        return TransitionNotAllowed
    t = here[0]
    if role not in t.roles:
        return RoleNotAllowed
    if t.reason_required and not reason:
        return ReasonRequired
    if any(not (fields or {}).get(name) for name in t.requires):
        return FieldRequired
    with_fields = GuardContext(**{**ctx.__dict__, "fields": fields or {}})
    if not all(GUARDS[g](with_fields, DEFN.thresholds).ok for g in t.guards):
        return GuardFailed
    return t.dest


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_random_sequences_only_take_declared_transitions(data: st.DataObject) -> None:
    # any start state: a case's stored state can be anything the file declares, and a
    # walk from `referred` alone rarely gets past screening before it is withdrawn
    state = data.draw(st.sampled_from([DEFN.initial_state, *DEFN.states]), label="start")
    visited = {state}
    for _ in range(data.draw(st.integers(0, 40), label="steps")):
        trigger = data.draw(triggers_for(state), label="trigger")
        role, ctx, reason, fields = data.draw(inputs, label="inputs")
        want = expected(state, trigger, role, ctx, reason, fields)
        was_terminal = DEFN.states[state].terminal
        try:
            out = fire(
                DEFN,
                state=state,
                trigger=trigger,
                role=role,
                ctx=ctx,
                reason=reason,
                fields=fields,
            )
        except RiskPanelError as exc:
            assert type(exc) is want, (state, trigger, role, exc)
            continue  # a refusal returns nothing to store: the state is unchanged
        assert not was_terminal, f"left terminal state {state} by {trigger}"
        assert (out.trigger, out.source, out.dest) == (trigger, state, want)
        state = out.dest
        visited.add(state)
    assert visited <= set(DEFN.states)
