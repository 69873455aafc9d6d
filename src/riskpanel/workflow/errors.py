"""What can go wrong loading a workflow file, and firing a trigger."""

from __future__ import annotations

from pathlib import Path

from riskpanel.errors import Conflict, FieldError, Forbidden, InvalidInput


class WorkflowDefinitionError(Exception):
    """A broken workflow file: every problem, each with the file and line at fault."""

    def __init__(self, path: Path | str, problems: list[tuple[int | None, str]]) -> None:
        self.path = str(path)
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.path}:{line or '?'}: {message}" for line, message in self.problems]


class UnknownTrigger(InvalidInput):
    slug = "unknown-trigger"
    title = "Unknown trigger"

    def __init__(self, trigger: str, workflow: str) -> None:
        super().__init__(
            f"{trigger!r} is not a trigger of workflow {workflow!r}.",
            errors=[FieldError("trigger", "is not a trigger of this workflow")],
        )


class TransitionNotAllowed(Conflict):
    slug = "transition-not-allowed"
    title = "Transition not allowed from this state"

    def __init__(self, trigger: str, state: str, allowed: list[str]) -> None:
        super().__init__(
            f"{trigger!r} cannot be fired from state {state!r}.",
            extra={"state": state, "allowed_triggers": allowed},
        )


class GuardFailed(Conflict):
    slug = "guard-failed"
    title = "Transition condition not met"

    def __init__(self, trigger: str, guard: str, reason: str) -> None:
        super().__init__(f"{trigger!r} needs {guard}: {reason}", extra={"guard": guard})


class RoleNotAllowed(Forbidden):
    slug = "role-not-allowed"
    title = "Your role may not fire this transition"

    def __init__(self, trigger: str, role: str) -> None:
        super().__init__(f"Role {role!r} may not fire {trigger!r}.")


class FieldRequired(InvalidInput):
    slug = "field-required"
    title = "A field is required for this transition"

    def __init__(self, trigger: str, field: str) -> None:
        super().__init__(
            f"{trigger!r} needs {field!r}.",
            errors=[FieldError(field, f"is required to fire {trigger}")],
        )
