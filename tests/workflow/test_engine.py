"""Each way a trigger can be refused maps to its own error, and nothing moves."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskpanel.workflow import (
    FieldRequired,
    GuardContext,
    GuardFailed,
    RoleNotAllowed,
    TransitionNotAllowed,
    UnknownTrigger,
    available,
    fire,
    load_workflow,
)
from riskpanel.workflow.offsets import Offset, compute_due, parse_offset

DEFN = load_workflow(Path(__file__).resolve().parents[2] / "workflows" / "hate_crime_panel.yaml")
READY = GuardContext(
    eligible_routes=frozenset({"high_risk"}),
    strands_confirmed=True,
    consent_basis_recorded=True,
    on_agenda=True,
    open_actions=1,
    within_repeat_window=True,
)


def test_accept_moves_screening_to_accepted() -> None:
    out = fire(
        DEFN,
        state="screening",
        trigger="accept",
        role="coordinator",
        ctx=READY,
        fields={"route": "high_risk"},
    )
    assert (out.source, out.dest, out.trigger) == ("screening", "accepted", "accept")


def test_statuses_of_each_refusal() -> None:
    with pytest.raises(UnknownTrigger) as unknown:
        fire(DEFN, state="screening", trigger="teleport", role="coordinator", ctx=READY)
    assert unknown.value.status == 422
    with pytest.raises(TransitionNotAllowed) as not_allowed:
        fire(DEFN, state="referred", trigger="hear", role="coordinator", ctx=READY)
    assert not_allowed.value.status == 409
    assert not_allowed.value.extra["allowed_triggers"] == ["start_screening", "withdraw"]
    with pytest.raises(RoleNotAllowed) as role:
        fire(
            DEFN, state="rejected", trigger="reconsider", role="coordinator", ctx=READY, reason="x"
        )
    assert role.value.status == 403
    with pytest.raises(FieldRequired) as reason:
        fire(DEFN, state="screening", trigger="reject", role="coordinator", ctx=READY)
    assert reason.value.errors[0].field == "reason"
    with pytest.raises(FieldRequired) as route:
        fire(DEFN, state="screening", trigger="accept", role="coordinator", ctx=READY)
    assert route.value.errors[0].field == "fields.route"


def test_guard_failure_names_the_guard_and_why() -> None:
    ctx = GuardContext(
        eligible_routes=frozenset({"repeat"}), strands_confirmed=False, consent_basis_recorded=True
    )
    with pytest.raises(GuardFailed) as exc:
        fire(
            DEFN,
            state="screening",
            trigger="accept",
            role="coordinator",
            ctx=ctx,
            fields={"route": "repeat"},
        )
    assert exc.value.extra["guard"] == "strands_confirmed"
    assert "confirmed the strand flags" in exc.value.detail
    with pytest.raises(GuardFailed) as route:
        fire(
            DEFN,
            state="screening",
            trigger="accept",
            role="coordinator",
            ctx=READY,
            fields={"route": "escalation"},
        )
    assert route.value.extra["guard"] == "route_evidenced"


def test_panel_thresholds_reach_the_guards() -> None:
    ctx = GuardContext(within_repeat_window=False)
    with pytest.raises(GuardFailed) as exc:
        fire(
            DEFN,
            state="monitoring",
            trigger="repeat_reopen",
            role="coordinator",
            ctx=ctx,
            thresholds={"repeat_window_months": 6},
        )
    assert "more than 6 months" in exc.value.detail


def test_available_lists_role_triggers_and_blocking_guards() -> None:
    triggers = {
        a.trigger: a
        for a in available(
            DEFN, state="review", role="chair", ctx=GuardContext(unresolved_actions=2)
        )
    }
    assert set(triggers) == {"continue_actions", "move_to_monitoring", "withdraw"}
    assert "2 action(s)" in (triggers["move_to_monitoring"].blocked_by or "")
    assert available(DEFN, state="screening", role="agency", ctx=READY) == []


def test_offsets() -> None:
    assert parse_offset("2 working days") == Offset(2, "working_days")
    assert parse_offset("-3 working days") == Offset(-3, "working_days")
    assert parse_offset("1 week") == Offset(1, "weeks")
    friday = datetime(2026, 8, 28, 10, tzinfo=UTC)  # before the August bank holiday
    assert compute_due(Offset(1, "working_days"), friday).date() == date(2026, 8, 31)
    assert compute_due(Offset(12, "months"), datetime(2025, 2, 28, tzinfo=UTC)).day == 28
    assert compute_due(Offset(1, "months"), datetime(2026, 1, 31, tzinfo=UTC)).day == 28
    with pytest.raises(ValueError, match="not like"):
        parse_offset("a fortnight")


TRIGGERS = sorted({t.trigger for t in DEFN.transitions})
ROLES = ["coordinator", "chair", "agency", "system"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(TRIGGERS), st.sampled_from(ROLES), st.booleans()), max_size=25
    )
)
def test_random_sequences_only_take_declared_transitions(
    steps: list[tuple[str, str, bool]],
) -> None:
    state = DEFN.initial_state
    for trigger, role, ready in steps:
        ctx = READY if ready else GuardContext()
        declared = DEFN.transition(trigger, state)
        try:
            out = fire(
                DEFN,
                state=state,
                trigger=trigger,
                role=role,
                ctx=ctx,
                reason="r",
                fields={"route": "high_risk"},
            )
        except (TransitionNotAllowed, GuardFailed, RoleNotAllowed, FieldRequired):
            if DEFN.states[state].terminal:
                assert declared is None
            continue
        assert declared is not None and out.dest == declared.dest
        assert not DEFN.states[state].terminal
        state = out.dest
