"""The shape of a workflow file (validated by pydantic before the cross-checks run)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StateDef(_Strict):
    label: str
    description: str = ""
    terminal: bool = False
    initial: bool = False


class TransitionDef(_Strict):
    trigger: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    source: tuple[str, ...]
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
        return (value,) if isinstance(value, str) else value


class TimerDef(_Strict):
    name: str
    kind: str
    on_state: str | None = None
    anchor: str
    offset: str
    fire: str | None = None
    description: str = ""


class WorkflowDef(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1)
    title: str
    description: str = ""
    states: dict[str, StateDef]
    transitions: tuple[TransitionDef, ...]
    timers: tuple[TimerDef, ...] = ()
    thresholds: dict[str, int] = Field(default_factory=dict)

    @property
    def initial_state(self) -> str:
        return next(name for name, state in self.states.items() if state.initial)

    def transitions_from(self, state: str) -> list[TransitionDef]:
        return [t for t in self.transitions if state in t.source]

    def transition(self, trigger: str, state: str) -> TransitionDef | None:
        return next((t for t in self.transitions_from(state) if t.trigger == trigger), None)

    def has_trigger(self, trigger: str) -> bool:
        return any(t.trigger == trigger for t in self.transitions)

    def timers_on_entry(self, state: str) -> list[TimerDef]:
        return [t for t in self.timers if t.on_state == state]
