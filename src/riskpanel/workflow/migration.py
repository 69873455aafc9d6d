"""Moving running cases from one workflow version to another: validated before applied."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from riskpanel.errors import InvalidInput
from riskpanel.workflow.schema import WorkflowDef


@dataclass(frozen=True)
class MigrationPlan:
    name: str
    from_version: int
    to_version: int
    state_map: dict[str, str]


def plan_migration(
    old: WorkflowDef, new: WorkflowDef, state_map: Mapping[str, str]
) -> MigrationPlan:
    """Every old state maps to a state of the new version (same name unless mapped)."""
    if old.name != new.name:
        raise InvalidInput.field("to", f"{new.name!r} is not a version of {old.name!r}")
    if new.version <= old.version:
        raise InvalidInput.field("to", "the target version must be newer")
    unknown_old = sorted(set(state_map) - set(old.states))
    if unknown_old:
        raise InvalidInput.field("map", f"not states of version {old.version}: {unknown_old}")
    mapping = {state: state_map.get(state, state) for state in old.states}
    missing = sorted(f"{a} -> {b}" for a, b in mapping.items() if b not in new.states)
    if missing:
        raise InvalidInput.field(
            "map", f"these states have no place in version {new.version}: {missing}"
        )
    return MigrationPlan(old.name, old.version, new.version, mapping)
