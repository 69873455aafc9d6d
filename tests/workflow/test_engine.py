"""Each way a trigger can be refused maps to its own error, and nothing moves."""

from __future__ import annotations

import gc
from dataclasses import replace

import pytest
from transitions import Machine

from riskpanel.kit.errors import Conflict, Forbidden, InvalidInput
from riskpanel.workflow import (
    FieldRequired,
    GuardContext,
    GuardFailed,
    ReasonRequired,
    RoleNotAllowed,
    TransitionNotAllowed,
    UnknownState,
    UnknownTrigger,
    available_triggers,
    fire,
    load_workflow,
)
from tests.workflow.helpers import SHIPPED

DEFN = load_workflow(SHIPPED)
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
    assert out == type(out)("accept", "screening", "accepted", "Accept onto the panel")


@pytest.mark.parametrize(
    ("state", "trigger", "role", "dest"),
    [
        ("referred", "start_screening", "coordinator", "screening"),
        ("screening", "request_info", "chair", "info_requested"),
        ("info_requested", "info_received", "coordinator", "screening"),
        ("rejected", "reconsider", "chair", "screening"),
        ("accepted", "list_for_meeting", "coordinator", "listed"),
        ("listed", "hear", "chair", "heard"),
        ("heard", "agree_actions", "chair", "actions_open"),
        ("heard", "close_no_action", "chair", "closed"),
        ("actions_open", "start_review", "system", "review"),
        ("review", "continue_actions", "coordinator", "actions_open"),
        ("review", "move_to_monitoring", "coordinator", "monitoring"),
        ("monitoring", "repeat_reopen", "coordinator", "accepted"),
        ("monitoring", "close_after_window", "system", "closed"),
        ("monitoring", "close", "coordinator", "closed"),
        ("info_requested", "withdraw", "coordinator", "withdrawn"),
    ],
)
def test_the_decided_lifecycle(state: str, trigger: str, role: str, dest: str) -> None:
    out = fire(DEFN, state=state, trigger=trigger, role=role, ctx=READY, reason="why")
    assert (out.source, out.dest) == (state, dest)


def test_a_repeat_reopens_without_a_new_threshold_check() -> None:
    bare = GuardContext(within_repeat_window=True)  # no route, strands or consent facts
    out = fire(DEFN, state="monitoring", trigger="repeat_reopen", role="chair", ctx=bare)
    assert out.dest == "accepted"


def test_unknown_trigger_is_422_naming_it() -> None:
    with pytest.raises(UnknownTrigger) as exc:
        fire(DEFN, state="screening", trigger="teleport", role="coordinator", ctx=READY)
    assert isinstance(exc.value, InvalidInput) and exc.value.status == 422
    assert "'teleport'" in exc.value.detail and exc.value.errors[0].field == "trigger"


def test_not_allowed_from_this_state_is_409_listing_what_is() -> None:
    with pytest.raises(TransitionNotAllowed) as exc:
        fire(DEFN, state="referred", trigger="hear", role="coordinator", ctx=READY)
    assert isinstance(exc.value, Conflict) and exc.value.status == 409
    assert exc.value.extra["allowed_triggers"] == ["start_screening", "withdraw"]
    problem = exc.value.problem()
    assert problem["allowed_triggers"] == ["start_screening", "withdraw"]
    assert problem["type"].endswith("/transition-not-allowed")
    with pytest.raises(TransitionNotAllowed) as chair:
        fire(DEFN, state="rejected", trigger="accept", role="chair", ctx=READY)
    assert chair.value.extra["allowed_triggers"] == ["reconsider", "close_rejected", "withdraw"]
    with pytest.raises(TransitionNotAllowed) as agency:
        fire(DEFN, state="referred", trigger="hear", role="agency", ctx=READY)
    assert agency.value.extra["allowed_triggers"] == []


def test_terminal_states_allow_nothing() -> None:
    for state in ("closed", "withdrawn"):
        with pytest.raises(TransitionNotAllowed) as exc:
            fire(DEFN, state=state, trigger="withdraw", role="chair", ctx=READY, reason="x")
        assert exc.value.extra["allowed_triggers"] == []


def test_role_not_allowed_is_403_with_no_extra_keys() -> None:
    with pytest.raises(RoleNotAllowed) as exc:
        fire(
            DEFN, state="rejected", trigger="reconsider", role="coordinator", ctx=READY, reason="x"
        )
    assert isinstance(exc.value, Forbidden) and exc.value.status == 403
    assert set(exc.value.problem()) == {"type", "title", "status", "detail"}
    with pytest.raises(RoleNotAllowed):
        fire(DEFN, state="accepted", trigger="list_for_meeting", role="chair", ctx=READY)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_reason_required_is_422_naming_reason(reason: str | None) -> None:
    with pytest.raises(ReasonRequired) as exc:
        fire(
            DEFN, state="screening", trigger="reject", role="coordinator", ctx=READY, reason=reason
        )
    assert isinstance(exc.value, FieldRequired) and exc.value.status == 422
    assert [e.field for e in exc.value.errors] == ["reason"]
    assert exc.value.problem()["type"].endswith("/reason-required")


@pytest.mark.parametrize("fields", [None, {}, {"route": ""}, {"route": None}, {"other": "x"}])
def test_required_field_is_422_naming_the_field(fields: dict[str, object] | None) -> None:
    with pytest.raises(FieldRequired) as exc:
        fire(DEFN, state="screening", trigger="accept", role="chair", ctx=READY, fields=fields)
    assert not isinstance(exc.value, ReasonRequired) and exc.value.status == 422
    assert [e.field for e in exc.value.errors] == ["fields.route"]


def test_guard_failure_is_409_naming_the_first_failing_guard_and_why() -> None:
    ctx = replace(READY, eligible_routes=frozenset({"repeat"}), strands_confirmed=False)
    with pytest.raises(GuardFailed) as route:
        fire(
            DEFN, state="screening", trigger="accept", role="chair", ctx=ctx, fields={"route": "x"}
        )
    assert isinstance(route.value, Conflict) and route.value.status == 409
    assert route.value.extra == {
        "guard": "route_evidenced",
        "reason": "route 'x' has no evidence on this case (routes with evidence: repeat)",
    }
    # what a person reads is the file's sentence for the guard, never the engine's words
    assert route.value.detail == DEFN.refusals["route_evidenced"]
    assert route.value.detail.startswith("This case cannot be accepted with that route")
    with pytest.raises(GuardFailed) as strands:
        fire(
            DEFN,
            state="screening",
            trigger="accept",
            role="chair",
            ctx=ctx,
            fields={"route": "repeat"},
        )
    assert strands.value.guard == "strands_confirmed"
    assert "confirmed the strand flags" in strands.value.reason
    assert strands.value.detail == DEFN.refusals["strands_confirmed"]


GUARDED = [
    ("accepted", "list_for_meeting", {"on_agenda": False}, "on_agenda"),
    ("heard", "agree_actions", {"open_actions": 0}, "has_open_actions"),
    ("review", "move_to_monitoring", {"unresolved_actions": 2}, "all_actions_resolved"),
    ("monitoring", "repeat_reopen", {"within_repeat_window": False}, "within_repeat_window"),
]


@pytest.mark.parametrize(("state", "trigger", "change", "guard"), GUARDED)
def test_each_guard_in_the_file_can_refuse(
    state: str, trigger: str, change: dict[str, object], guard: str
) -> None:
    fire(DEFN, state=state, trigger=trigger, role="coordinator", ctx=READY)
    with pytest.raises(GuardFailed) as exc:
        fire(DEFN, state=state, trigger=trigger, role="coordinator", ctx=replace(READY, **change))
    assert exc.value.extra["guard"] == guard
    assert exc.value.detail == DEFN.refusals[guard] and "condition" not in exc.value.detail


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
    assert exc.value.guard == "within_repeat_window"
    assert "more than 6 months old" in exc.value.reason
    with pytest.raises(GuardFailed) as default:
        fire(DEFN, state="monitoring", trigger="repeat_reopen", role="coordinator", ctx=ctx)
    assert "more than 12 months old" in default.value.reason


def test_a_stored_state_the_workflow_does_not_know_is_refused() -> None:
    with pytest.raises(UnknownState) as exc:
        fire(DEFN, state="limbo", trigger="withdraw", role="chair", ctx=READY, reason="x")
    assert exc.value.status == 409 and exc.value.extra == {"state": "limbo"}
    assert available_triggers(DEFN, state="limbo", role="chair", ctx=READY) == []


def test_available_lists_role_triggers_and_what_blocks_them() -> None:
    triggers = {
        a.trigger: a
        for a in available_triggers(
            DEFN, state="review", role="chair", ctx=GuardContext(unresolved_actions=2)
        )
    }
    assert list(triggers) == ["continue_actions", "move_to_monitoring", "withdraw"]
    assert triggers["move_to_monitoring"].blocked_by == (
        "all_actions_resolved: 2 action(s) have no review outcome yet"
    )
    assert triggers["continue_actions"].blocked_by == (
        "has_open_actions: no actions were agreed for this case"
    )
    assert triggers["move_to_monitoring"].refusal == DEFN.refusals["all_actions_resolved"]
    assert triggers["withdraw"].blocked_by is None and triggers["withdraw"].reason_required
    assert triggers["withdraw"].refusal is None
    assert triggers["withdraw"].reason_label == "Why is the case being withdrawn?"
    assert available_triggers(DEFN, state="screening", role="agency", ctx=READY) == []


def test_available_waits_for_input_before_judging_guards_that_read_it() -> None:
    ctx = replace(READY, eligible_routes=frozenset())
    before = {
        a.trigger: a for a in available_triggers(DEFN, state="screening", role="chair", ctx=ctx)
    }
    assert before["accept"].blocked_by is None and before["accept"].requires == ("route",)
    after = available_triggers(
        DEFN, state="screening", role="chair", ctx=ctx, fields={"route": "repeat"}
    )
    accept = next(a for a in after if a.trigger == "accept")
    assert (accept.blocked_by or "").startswith("route_evidenced: route 'repeat' has no evidence")


def test_refusals_leave_the_context_untouched_and_no_machine_survives() -> None:
    ctx = GuardContext(strands_confirmed=False)
    gc.collect()
    machines = sum(isinstance(o, Machine) for o in gc.get_objects())
    for _ in range(50):
        with pytest.raises(GuardFailed):
            fire(
                DEFN,
                state="screening",
                trigger="accept",
                role="chair",
                ctx=ctx,
                fields={"route": "r"},
            )
        fire(DEFN, state="screening", trigger="request_info", role="chair", ctx=ctx, reason="r")
    gc.collect()
    assert sum(isinstance(o, Machine) for o in gc.get_objects()) == machines
    assert ctx == GuardContext(strands_confirmed=False) and dict(ctx.fields) == {}
