"""What can go wrong loading a workflow file, and each way a trigger can be refused.

A broken file is an operator's problem found at start-up, so it is a plain exception,
not an HTTP error. Refused triggers are the caller's problem: each is its own
RiskPanelError subclass, so the status and problem type are fixed on the class and
clients can tell "wrong state" from "condition not met" from "not your role".
"""

from __future__ import annotations

from pathlib import Path

from riskpanel.kit.errors import Conflict, FieldError, Forbidden, InvalidInput


class WorkflowDefinitionError(Exception):
    """A broken workflow file: every problem, each with the file and line at fault."""

    def __init__(self, path: Path | str, problems: list[tuple[int | None, str]]) -> None:
        self.path = str(path)
        self.problems = problems
        self._lines = [f"{self.path}:{line or '?'}: {message}" for line, message in problems]
        super().__init__("\n".join(self._lines))

    def lines(self) -> list[str]:
        """One `file:line: message` per problem, as compilers print them."""
        return list(self._lines)

    @classmethod
    def combine(cls, errors: list[WorkflowDefinitionError]) -> WorkflowDefinitionError:
        """Several broken files in one error, each line still naming its own file."""
        combined = cls(errors[0].path, [p for e in errors for p in e.problems])
        combined._lines = [line for e in errors for line in e.lines()]
        combined.args = ("\n".join(combined._lines),)
        return combined


class UnknownTrigger(InvalidInput):
    slug = "unknown-trigger"
    title = "Unknown trigger"

    def __init__(self, trigger: str, workflow: str) -> None:
        super().__init__(
            f"{trigger!r} is not a trigger of workflow {workflow!r}.",
            errors=[FieldError("trigger", f"{trigger!r} is not a trigger of this workflow")],
        )


class UnknownState(Conflict):
    """The stored state is not in the workflow version the case runs under: a case left
    behind by a bad migration. Refused rather than guessed at."""

    slug = "unknown-state"
    title = "The case is in a state its workflow does not declare"

    def __init__(self, state: str, workflow: str, version: int) -> None:
        super().__init__(
            f"State {state!r} is not part of {workflow!r} version {version}.",
            extra={"state": state},
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
    """The detail is the workflow file's sentence for the guard (what a person reads); the
    guard's name and its own reason stay in the problem for partner systems."""

    slug = "guard-failed"
    title = "Transition condition not met"

    def __init__(self, trigger: str, guard: str, reason: str, sentence: str = "") -> None:
        super().__init__(
            sentence or f"{trigger!r} needs {guard}: {reason}",
            extra={"guard": guard, "reason": reason},
        )
        self.guard = guard
        self.reason = reason


class RoleNotAllowed(Forbidden):
    slug = "role-not-allowed"
    title = "Your role may not fire this transition"

    def __init__(self, trigger: str, role: str) -> None:
        # no extra keys: a 403 body says no more than a denial must (tests/security)
        super().__init__(f"Role {role!r} may not fire {trigger!r}.")


class FieldRequired(InvalidInput):
    slug = "field-required"
    title = "A field is required for this transition"
    # GOV.UK error messages say what to do; a field without its own says "Enter the ..."
    MESSAGES = {"reason": "Enter the reason", "fields.route": "Select the route into the panel"}

    def __init__(self, trigger: str, field: str) -> None:
        name = field.removeprefix("fields.").replace("_", " ")
        message = self.MESSAGES.get(field, f"Enter the {name}")
        super().__init__(f"{trigger!r} needs {field!r}.", errors=[FieldError(field, message)])


class ReasonRequired(FieldRequired):
    """Withdrawals, rejections and early closures must say why (they are audited)."""

    slug = "reason-required"
    title = "A reason is required for this transition"

    def __init__(self, trigger: str) -> None:
        super().__init__(trigger, "reason")
