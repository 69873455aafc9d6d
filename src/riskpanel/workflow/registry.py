"""Every workflow file in a folder, by name and version.

A case keeps the version it started under; new cases take the latest version. The files are
loaded once per process (``get_workflows``); a broken file stops start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from riskpanel.kit.errors import NotFound
from riskpanel.workflow.errors import WorkflowDefinitionError
from riskpanel.workflow.loader import load_workflow
from riskpanel.workflow.schema import WorkflowDefinition

if TYPE_CHECKING:
    from riskpanel.config import Settings


@dataclass
class WorkflowRegistry:
    by_name: dict[str, dict[int, WorkflowDefinition]] = field(default_factory=dict)
    paths: dict[tuple[str, int], Path] = field(default_factory=dict)

    def add(self, definition: WorkflowDefinition, path: Path) -> None:
        key = (definition.name, definition.version)
        if key in self.paths:
            first = self.paths[key]
            message = f"{definition.name} version {definition.version} is also defined in {first}"
            raise WorkflowDefinitionError(path, [(None, message)])
        self.by_name.setdefault(definition.name, {})[definition.version] = definition
        self.paths[key] = path

    def get(self, name: str, version: int | None = None) -> WorkflowDefinition:
        """`version=None` is the latest: what a new case starts under."""
        versions = self.by_name.get(name)
        if not versions:
            raise NotFound(f"no workflow named {name!r}")
        if version is None:
            return versions[max(versions)]
        if version not in versions:
            raise NotFound(f"workflow {name!r} has no version {version}")
        return versions[version]

    def latest(self) -> list[WorkflowDefinition]:
        return [versions[max(versions)] for _, versions in sorted(self.by_name.items())]


def load_registry(folder: Path | str) -> WorkflowRegistry:
    """Workflow files are the `*.yaml` files at the top of the folder (not risk/, lexicon/).

    Every file is checked; if any is broken, one error lists every problem of every file,
    so a start-up failure shows the whole picture.
    """
    registry = WorkflowRegistry()
    failures: list[WorkflowDefinitionError] = []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            registry.add(load_workflow(path), path)
        except WorkflowDefinitionError as exc:
            failures.append(exc)
    if failures:
        raise WorkflowDefinitionError.combine(failures)
    return registry


load_workflow_dir = load_registry


@lru_cache(maxsize=8)
def _load(folder: str) -> WorkflowRegistry:
    return load_registry(Path(folder))


@lru_cache(maxsize=8)
def _load_setting(folder: str) -> WorkflowRegistry:
    return _load(str(Path(folder).resolve()))


def get_workflows(settings: Settings) -> WorkflowRegistry:
    """The settings' workflow folder, loaded once per process. The folder is resolved once
    per setting too: ``Path.resolve`` makes a system call per path part, and the ``words``
    filter asks for the workflows on every row a page shows (60 times on a case list)."""
    return _load_setting(str(settings.workflows_dir))
