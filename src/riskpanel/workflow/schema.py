"""The shape of a workflow file, checked by pydantic before the cross-checks run.

The models are frozen so a loaded definition can be shared by every request without
copying. Lookups the engine makes on every command (transitions out of a state, a trigger
from a state, the guard functions) are indexed once, when the definition is validated,
rather than searched per call.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from riskpanel.workflow.guards import GUARDS, GuardSpec

NAME = r"^[a-z][a-z0-9_]*$"
WILDCARD = "*"

# Kinds `riskpanel tick` knows how to fire or announce; a file naming another is refused.
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
# Outcome codes people see in minutes and action reviews: what a hearing decides
# (meetings.minutes.schemas.Decision) and how the panel marks an action at review
# (models.enums.ReviewOutcome). The file must give each one a label (`outcomes:`), so a new
# code cannot reach a page or a PDF as a bare code; tests/workflow keeps this list in step.
OUTCOME_CODES = frozenset(
    {
        "actions_agreed",
        "close_no_action",
        "continue_actions",
        "move_to_monitoring",
        "adjourned",
        "completed",
        "not_possible_circumstances_changed",
        "not_done_by_agency",
    }
)
# History steps the service layer writes without a transition (cases.transitions.service).
HISTORY_STEPS = {
    "open": "Case opened",
    "workflow_migration": "Moved to a new version of the workflow",
}
# What a timer's offset may count from: the service layer supplies these moments.
TIMER_ANCHORS = frozenset(
    {
        "entered_at",  # when the case entered the timer's state
        "last_referral_at",  # the repeat window counts from the last referral
        "last_hearing_at",  # the 12-month notice counts from the last hearing
        "reported_at",  # Victims' Code deadlines count from when the crime was reported
        "meeting_at",  # research and minutes deadlines count from the meeting
        "due_date",  # an action's own due date
    }
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StateDef(_Strict):
    label: str
    description: str = ""
    terminal: bool = False
    initial: bool = False


class TransitionDef(_Strict):
    trigger: str = Field(pattern=NAME)
    source: tuple[str, ...] = Field(min_length=1)
    dest: str
    label: str
    guards: tuple[str, ...] = ()
    roles: tuple[str, ...]
    requires: tuple[str, ...] = ()
    reason_required: bool = False
    reason_label: str = ""
    """The question over the reason box ("Why is the case being withdrawn?"): required when
    reason_required, so no page has to make one up from the trigger's name."""
    description: str = ""

    @field_validator("source", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        """A single source may be written as a plain string."""
        return (value,) if isinstance(value, str) else value


class TimerDef(_Strict):
    name: str = Field(pattern=NAME)
    kind: str
    on_state: str | None = None
    anchor: str
    offset: str
    fire: str | None = None
    description: str = ""


def _expand_wildcards(data: Any) -> Any:
    """`source: "*"` means every non-terminal state (except the destination itself).

    Done on the raw mapping so the stored definition only ever holds real state names;
    malformed shapes are left alone for the field validators to report.
    """
    if not isinstance(data, dict):
        return data
    states, transitions = data.get("states"), data.get("transitions")
    if not isinstance(states, dict) or not isinstance(transitions, list):
        return data
    open_states = [
        name
        for name, state in states.items()
        if not (isinstance(state, dict) and state.get("terminal") is True)
    ]
    expanded = []
    for t in transitions:
        if isinstance(t, dict) and t.get("source") in (WILDCARD, [WILDCARD]):
            t = {**t, "source": [s for s in open_states if s != t.get("dest")] or [WILDCARD]}
        expanded.append(t)
    return {**data, "transitions": expanded}


class WorkflowDefinition(_Strict):
    name: str = Field(pattern=NAME)
    version: int = Field(ge=1)
    title: str
    description: str = ""
    states: dict[str, StateDef] = Field(min_length=1)
    transitions: tuple[TransitionDef, ...]
    timers: tuple[TimerDef, ...] = ()
    thresholds: dict[str, int] = Field(default_factory=dict)
    refusals: dict[str, str] = Field(default_factory=dict)
    """Guard name -> the sentence a person reads when that guard refuses ("This case cannot
    be listed yet: ..."); every guard a transition names needs one."""
    outcomes: dict[str, str] = Field(default_factory=dict)
    """Outcome code -> its label (every code in OUTCOME_CODES needs one)."""

    _outgoing: dict[str, dict[str, TransitionDef]] = PrivateAttr(default_factory=dict)
    _triggers: frozenset[str] = PrivateAttr(default=frozenset())
    _guards: dict[str, GuardSpec] = PrivateAttr(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _wildcards(cls, data: Any) -> Any:
        return _expand_wildcards(data)

    @model_validator(mode="after")
    def _index(self) -> WorkflowDefinition:
        """Index transitions by state and resolve guard names to functions, once.

        Unknown guard names are left out here; the loader reports them with their line.
        """
        outgoing: dict[str, dict[str, TransitionDef]] = {}
        for t in self.transitions:
            for source in t.source:
                outgoing.setdefault(source, {}).setdefault(t.trigger, t)
        self._outgoing = outgoing
        self._triggers = frozenset(t.trigger for t in self.transitions)
        names = {g for t in self.transitions for g in t.guards}
        self._guards = {g: GUARDS[g] for g in names if g in GUARDS}
        return self

    @property
    def initial_state(self) -> str:
        return next(name for name, state in self.states.items() if state.initial)

    def transitions_from(self, state: str) -> list[TransitionDef]:
        """Declaration order, so lists shown to people are stable."""
        return list(self._outgoing.get(state, {}).values())

    def transition(self, trigger: str, state: str) -> TransitionDef | None:
        return self._outgoing.get(state, {}).get(trigger)

    def has_trigger(self, trigger: str) -> bool:
        return trigger in self._triggers

    def guard(self, name: str) -> GuardSpec:
        """The guard function resolved when the file was loaded (never looked up by path)."""
        return self._guards[name]

    def state_label(self, state: str | None) -> str:
        """A state's label; a state this version does not declare is shown as it is."""
        if state is None:
            return ""
        found = self.states.get(state)
        return found.label if found else state

    def step_label(self, trigger: str) -> str:
        """What a line of a case's history says happened: the transition's label, or the
        name of a step the service layer writes itself (opening, a workflow migration)."""
        if trigger in HISTORY_STEPS:
            return HISTORY_STEPS[trigger]
        found = next((t for t in self.transitions if t.trigger == trigger), None)
        return found.label if found else trigger.replace("_", " ").capitalize()

    def refusal(self, guard: str) -> str:
        """What a person reads when `guard` refuses (the checks require a sentence)."""
        return self.refusals.get(guard, "This cannot be done yet.")

    def timers_on_entry(self, state: str) -> list[TimerDef]:
        return [t for t in self.timers if t.on_state == state]


WorkflowDef = WorkflowDefinition  # the name the service layer already imports
