"""The loader refuses every kind of broken file, naming the file, line and culprit."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from riskpanel.meetings.minutes.schemas import Decision
from riskpanel.models.enums import ReviewOutcome
from riskpanel.workflow import GUARDS, WorkflowDefinitionError, load_workflow
from riskpanel.workflow.schema import OUTCOME_CODES
from tests.workflow.helpers import MINIMAL, SHIPPED, add_transition, line_of, problems, write


def test_shipped_workflow_matches_the_decided_lifecycle() -> None:
    defn = load_workflow(SHIPPED)
    assert (defn.name, defn.version, defn.initial_state) == ("hate_crime_panel", 1, "referred")
    assert list(defn.states) == [
        "referred",
        "screening",
        "info_requested",
        "accepted",
        "rejected",
        "listed",
        "heard",
        "actions_open",
        "review",
        "monitoring",
        "closed",
        "withdrawn",
    ]
    assert {n for n, s in defn.states.items() if s.terminal} == {"closed", "withdrawn"}
    withdraw = defn.transitions[-1]
    assert withdraw.trigger == "withdraw" and withdraw.reason_required
    assert set(withdraw.source) == {n for n, s in defn.states.items() if not s.terminal}
    reopen = defn.transition("repeat_reopen", "monitoring")
    assert reopen is not None and (reopen.dest, reopen.guards) == (
        "accepted",
        ("within_repeat_window",),
    )
    reconsider = defn.transition("reconsider", "rejected")
    assert reconsider is not None and reconsider.roles == ("chair",)
    assert defn.thresholds["high_risk_score"] == 14
    assert defn.thresholds["repeat_window_months"] == 12


def test_shipped_timers() -> None:
    timers = {t.name: t for t in load_workflow(SHIPPED).timers}
    expected = {
        "research_due": ("listed", "meeting_at", "-3 working days", None),
        "monitoring_end": ("monitoring", "last_referral_at", "12 months", "close_after_window"),
        "twelve_month_notice": ("heard", "last_hearing_at", "12 months", None),
        "support_referral_due": (None, "reported_at", "2 working days", None),
        "key_update_due": (None, "reported_at", "1 working day", None),
        "minutes_due": (None, "meeting_at", "3 working days", None),
        "action_overdue": (None, "due_date", "0 days", None),
        "review_due": ("actions_open", "entered_at", "6 weeks", "start_review"),
    }
    assert {n: (t.on_state, t.anchor, t.offset, t.fire) for n, t in timers.items()} == expected


def test_guards_are_resolved_when_the_file_loads() -> None:
    defn = load_workflow(SHIPPED)
    for t in defn.transitions:
        for name in t.guards:
            assert defn.guard(name) is GUARDS[name]


def test_minimal_file_loads(tmp_path: Path) -> None:
    assert load_workflow(write(tmp_path, MINIMAL)).transition("finish", "open") is not None


def test_a_copy_with_an_unknown_destination_names_it_and_its_line(tmp_path: Path) -> None:
    text = SHIPPED.read_text().replace("dest: listed", "dest: lsted", 1)
    line = line_of(text, "dest: lsted")
    expected = f"wf.yaml:{line}: transition 'list_for_meeting' goes to unknown state 'lsted'"
    assert any(p.endswith(expected) for p in problems(tmp_path, text))


RULES = [
    (("source: open", "source: opne"), "source", "starts from unknown state 'opne'"),
    (("roles: [coordinator]", "roles: [janitor]"), "roles", "unknown role 'janitor'"),
    (("roles: [coordinator]", "roles: []"), "roles", "no role may fire it"),
    (
        ("roles: [coordinator]", "roles: [coordinator]\n    guards: [os.system]"),
        "guards",
        "unknown guard 'os.system'",
    ),
    (
        ("roles: [coordinator]", "roles: [coordinator]\n    guards: [on_agenda, on_agenda]"),
        "guards",
        "a guard is listed twice",
    ),
    (("trigger: finish", "trigger: to_done"), "trigger", "the name is reserved"),
    (("trigger: finish", "trigger: may_finish"), "trigger", "the name is reserved"),
    (("trigger: finish", "trigger: is_open"), "trigger", "the name is reserved"),
    (("trigger: finish", "trigger: state"), "trigger", "the name is reserved"),
    (("trigger: finish", "trigger: trigger"), "trigger", "the name is reserved"),
    (("trigger: finish", "trigger: refusal"), "trigger", "the name is reserved"),
    (("trigger: finish", "trigger: Finish"), "trigger", "should match pattern"),
    (
        ("{label: Done, terminal: true}", "{label: Done}"),
        "done:",
        "'done' is not terminal but has no way out",
    ),
    (("{label: Done, terminal: true}", "{label: Done}"), "states:", "no state is terminal"),
    (("initial: true}", "}"), "states:", "exactly one state must be initial (found: none)"),
    (
        ("{label: Done, terminal: true}", "{label: Done, terminal: true, initial: true}"),
        "states:",
        "(found: open, done)",
    ),
    (("version: 1", "version: one"), "version", "version: Input should be a valid integer"),
    (("title: Tiny", "title: Tiny\nsurprise: 1"), "surprise", "surprise: Extra inputs"),
    (("    label: Finish\n", "    label: Finish\n    colour: red\n"), "colour", "colour: Extra"),
    (("  done: {", "  Done: {"), "Done:", "state name 'Done' must be lower_snake_case"),
    (
        ("roles: [coordinator]", "roles: [coordinator]\n    requires: [reason]"),
        "requires",
        "use reason_required: true",
    ),
    (
        ("roles: [coordinator]", "roles: [coordinator]\n    guards: [route_recorded]"),
        "guards",
        "guard 'route_recorded' reads field 'route'; add it to requires",
    ),
    (
        ("roles: [coordinator]", "roles: [coordinator]\n    guards: [within_repeat_window]"),
        "guards",
        "needs threshold 'repeat_window_months'",
    ),
    (("title: Tiny", "title: Tiny\nthresholds: {review_weeks: -6}"), "thresholds", "negative"),
    (("source: open", "source: [open, '*']"), "source", "'*' stands alone"),
    (("  open: {", "  done: {"), "  done: {label: Done", "key 'done' repeated in states"),
    (
        ("roles: [coordinator]", "roles: [coordinator]\n    reason_required: true"),
        "reason_required",
        "transition 'finish' needs a reason_label",
    ),
    (
        ("roles: [coordinator]", "roles: [coordinator]\n    guards: [strands_confirmed]"),
        "guards",
        "guard 'strands_confirmed' needs a sentence under refusals:",
    ),
    (("  adjourned: Adjourned\n", ""), "outcomes:", "outcome 'adjourned' needs a label"),
    (("  completed: Completed\n", "  completed: ''\n"), "outcomes:", "'completed' needs a label"),
]


@pytest.mark.parametrize(("change", "at", "expected"), RULES)
def test_each_rule_refuses_a_broken_file_at_its_line(
    tmp_path: Path, change: tuple[str, str], at: str, expected: str
) -> None:
    text = MINIMAL.replace(*change)
    assert text != MINIMAL
    report = problems(tmp_path, text)
    hits = [p for p in report if expected in p]
    assert hits, report
    assert hits[0].startswith(f"{tmp_path / 'wf.yaml'}:{line_of(text, at)}: ")


def test_unreachable_state_and_terminal_with_exit(tmp_path: Path) -> None:
    text = add_transition(
        MINIMAL, "{trigger: undo, label: Undo, source: done, dest: open, roles: [chair]}"
    ).replace(
        "  done: {label: Done, terminal: true}",
        "  done: {label: Done, terminal: true}\n  lost: {label: Lost, terminal: true}",
    )
    report = "\n".join(problems(tmp_path, text))
    assert f":{line_of(text, 'done: {')}: terminal state 'done' has transitions" in report
    assert f":{line_of(text, 'lost: {')}: state 'lost' cannot be reached from 'open'" in report


def test_a_loop_with_no_way_to_an_end_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "  done: {label: Done, terminal: true}",
        "  done: {label: Done, terminal: true}\n  stuck: {label: Stuck}",
    )
    text = add_transition(
        text, "{trigger: park, label: Park, source: open, dest: stuck, roles: [chair]}"
    )
    text = add_transition(
        text, "{trigger: nudge, label: Nudge, source: stuck, dest: stuck, roles: [chair]}"
    )
    report = problems(tmp_path, text)
    at = line_of(text, "stuck: {label: Stuck}")
    assert report == [
        f"{tmp_path / 'wf.yaml'}:{at}: state 'stuck' can never lead to a terminal state"
    ]


def test_duplicate_trigger_from_one_state(tmp_path: Path) -> None:
    text = add_transition(
        MINIMAL, "{trigger: finish, label: Again, source: open, dest: done, roles: [chair]}"
    )
    report = "\n".join(problems(tmp_path, text))
    assert "transition 'finish' is declared twice from state 'open' (first at line 8)" in report


def test_a_wildcard_source_counts_as_every_open_state(tmp_path: Path) -> None:
    text = add_transition(
        MINIMAL, "{trigger: finish, label: Any, source: '*', dest: done, roles: [chair]}"
    )
    assert any(
        "'finish' is declared twice from state 'open'" in p for p in problems(tmp_path, text)
    )


def test_timer_problems(tmp_path: Path) -> None:
    text = MINIMAL + (
        "thresholds: {repeat_window_months: 12}\n"
        "timers:\n"
        "  - {name: a, kind: review_due, on_state: nowhere, anchor: entered_at, offset: 6 weeks}\n"
        "  - {name: b, kind: bake_cake, anchor: reported_at, offset: 6 weeks}\n"
        "  - {name: c, kind: review_due, anchor: reported_at, offset: soon}\n"
        "  - {name: d, kind: review_due, anchor: reported_at, offset: 1 day, fire: explode}\n"
        "  - {name: e, kind: review_due, anchor: tuesday, offset: 1 day}\n"
        "  - {name: f, kind: review_due, anchor: entered_at, offset: 1 day}\n"
        "  - {name: g, kind: monitoring_end, on_state: done, anchor: entered_at, offset: 1 day,"
        " fire: finish}\n"
        "  - {name: h, kind: monitoring_end, on_state: open, anchor: entered_at, offset: 1 day,"
        " fire: finish}\n"
        "  - {name: h, kind: minutes_due, anchor: meeting_at, offset: 99999 months}\n"
    )
    report = problems(tmp_path, text)
    expected = {
        "a": "timer 'a' is on unknown state 'nowhere'",
        "b": "timer 'b': unknown kind 'bake_cake'",
        "c": "timer 'c': offset 'soon' is not like",
        "d": "timer 'd' fires unknown trigger 'explode'",
        "e": "timer 'e': unknown anchor 'tuesday'",
        "f": "timer 'f': entered_at needs an on_state",
        "g": "timer 'g' fires 'finish', not declared from 'done'",
        "h": "timer 'h' fires 'finish', which the system role may not",
    }
    for name, message in expected.items():
        line = line_of(text, f"{{name: {name},")
        assert any(f":{line}: {message}" in p for p in report), (message, report)
    last = line_of(text, "{name: h,", 2)
    assert any(f":{last}: timer 'h' is declared twice" in p for p in report)
    assert any(f":{last}: timer 'h': offset '99999 months' is more than" in p for p in report)


def test_a_timer_may_not_fire_a_trigger_that_needs_a_person(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "roles: [coordinator]",
        "roles: [system]\n    reason_required: true\n    reason_label: Why?",
    )
    text += (
        "timers:\n  - {name: t, kind: monitoring_end, on_state: open, anchor: entered_at,"
        " offset: 1 day, fire: finish}\n"
    )
    line = line_of(text, "{name: t,")
    assert problems(tmp_path, text) == [
        f"{tmp_path / 'wf.yaml'}:{line}: timer 't' fires 'finish', which needs input from a person"
    ]


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    text = MINIMAL.replace("roles: [coordinator]", "roles: [janitor]").replace(
        "dest: done", "dest: dnoe"
    )
    text = add_transition(text, "{trigger: to_x, label: X, source: open, dest: done, roles: [x]}")
    report = problems(tmp_path, text)
    assert len(report) == 4, report
    assert [p.split(": ", 1)[1] for p in report] == [
        "transition 'to_x': the name is reserved by the engine (state, trigger, to_*, may_*, is_*)",
        "transition 'to_x': unknown role 'x'",
        "transition 'finish' goes to unknown state 'dnoe'",
        "transition 'finish': unknown role 'janitor'",
    ]


def test_schema_errors_are_all_reported_with_lines(tmp_path: Path) -> None:
    text = MINIMAL.replace("version: 1", "version: 0").replace("label: Finish", "labl: Finish")
    report = problems(tmp_path, text)
    assert any(
        p.endswith(":2: version: Input should be greater than or equal to 1") for p in report
    )
    assert any(":9: transitions.0.labl: Extra inputs are not permitted" in p for p in report)
    assert any(":8: transitions.0.label: Field required" in p for p in report)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    report = problems(tmp_path, "name: x\nversion: 1\ntitle: a: b\n")
    assert len(report) == 1
    assert report[0].startswith(f"{tmp_path / 'wf.yaml'}:3: not valid YAML: mapping values")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- just\n- a list\n", "a workflow file must be a mapping"),
        ("", "a workflow file must be a mapping"),
        ("a: &a [*a, *a]\n", ":1: an alias refers to a value that contains it"),
    ],
)
def test_not_a_workflow_at_all(tmp_path: Path, text: str, expected: str) -> None:
    assert any(expected in p for p in problems(tmp_path, text))


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    rows = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    report = problems(tmp_path, "\n".join(rows) + "\n")
    assert report == [
        f"{tmp_path / 'wf.yaml'}:1: the file expands to more than 50000 values (aliases?)"
    ]


def test_a_missing_or_binary_file_is_a_definition_error(tmp_path: Path) -> None:
    with pytest.raises(WorkflowDefinitionError, match="cannot read the file"):
        load_workflow(tmp_path / "absent.yaml")
    (tmp_path / "bin.yaml").write_bytes(b"\xff\xfe\x00name")
    with pytest.raises(WorkflowDefinitionError, match="not UTF-8"):
        load_workflow(tmp_path / "bin.yaml")


def test_every_outcome_code_people_see_has_a_label_in_the_shipped_file() -> None:
    """A new hearing decision or review outcome must join OUTCOME_CODES, and then the check
    makes every workflow file label it: no code reaches the minutes as it is stored."""
    assert set(get_args(Decision)) | {o.value for o in ReviewOutcome} == OUTCOME_CODES
    defn = load_workflow(SHIPPED)
    assert set(defn.outcomes) == OUTCOME_CODES
    assert all(t.reason_label.endswith("?") for t in defn.transitions if t.reason_required)
    assert {g for t in defn.transitions for g in t.guards} <= set(defn.refusals)
