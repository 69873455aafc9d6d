"""Moving running cases from one workflow version to another: validated before applied.

A case keeps the version it started under; moving it is a deliberate act, so the plan is
checked as a whole (every old state has a home in the new version) before the lead's
service layer touches a row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from riskpanel.kit.errors import FieldError, InvalidInput
from riskpanel.workflow.schema import WorkflowDefinition


@dataclass(frozen=True)
class MigrationPlan:
    name: str
    from_version: int
    to_version: int
    state_map: dict[str, str]  # every old state -> its state in the new version

    @property
    def renamed(self) -> dict[str, str]:
        """Only the states whose name changes (the rest keep theirs)."""
        return {old: new for old, new in self.state_map.items() if old != new}


def _problems(
    old: WorkflowDefinition, new: WorkflowDefinition, state_map: Mapping[str, str]
) -> list[FieldError]:
    errors: list[FieldError] = []
    if old.name != new.name:
        errors.append(FieldError("to", f"{new.name!r} is not a version of {old.name!r}"))
    if new.version <= old.version:
        errors.append(FieldError("to", "the target version must be newer"))
    for state in sorted(set(state_map) - set(old.states)):
        errors.append(FieldError(f"map.{state}", f"not a state of version {old.version}"))
    for state in old.states:
        target = state_map.get(state, state)
        if target not in new.states:
            message = (
                f"maps to {target!r}, not a state of version {new.version}"
                if state in state_map
                else f"has no place in version {new.version}: map it to a state"
            )
            errors.append(FieldError(f"map.{state}", message))
    return errors


def plan_migration(
    old: WorkflowDefinition, new: WorkflowDefinition, state_map: Mapping[str, str]
) -> MigrationPlan:
    """Every old state maps to a state of the new version (the same name unless mapped);
    all problems are reported together."""
    errors = _problems(old, new, state_map)
    if errors:
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors)
        raise InvalidInput(f"the migration plan is incomplete: {detail}", errors=errors)
    mapping = {state: state_map.get(state, state) for state in old.states}
    return MigrationPlan(old.name, old.version, new.version, mapping)
