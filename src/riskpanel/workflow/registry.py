"""Every workflow file in a folder, by name and version.

A case keeps the version it started under; new cases take the latest version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from riskpanel.errors import NotFound
from riskpanel.workflow.errors import WorkflowDefinitionError
from riskpanel.workflow.loader import load_workflow
from riskpanel.workflow.schema import WorkflowDef


@dataclass
class WorkflowRegistry:
    by_name: dict[str, dict[int, WorkflowDef]] = field(default_factory=dict)

    def add(self, definition: WorkflowDef, path: Path) -> None:
        versions = self.by_name.setdefault(definition.name, {})
        if definition.version in versions:
            raise WorkflowDefinitionError(
                path, [(None, f"{definition.name} version {definition.version} is defined twice")]
            )
        versions[definition.version] = definition

    def get(self, name: str, version: int | None = None) -> WorkflowDef:
        versions = self.by_name.get(name)
        if not versions:
            raise NotFound(f"no workflow named {name!r}")
        if version is None:
            return versions[max(versions)]
        if version not in versions:
            raise NotFound(f"workflow {name!r} has no version {version}")
        return versions[version]

    def latest(self) -> list[WorkflowDef]:
        return [versions[max(versions)] for _, versions in sorted(self.by_name.items())]


def load_registry(folder: Path) -> WorkflowRegistry:
    """Workflow files are the `*.yaml` files at the top of the folder (not risk/, lexicon/)."""
    registry = WorkflowRegistry()
    for path in sorted(Path(folder).glob("*.yaml")):
        registry.add(load_workflow(path), path)
    return registry
