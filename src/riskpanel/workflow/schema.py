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

    def timers_on_entry(self, state: str) -> list[TimerDef]:
        return [t for t in self.timers if t.on_state == state]


WorkflowDef = WorkflowDefinition  # the name the service layer already imports
