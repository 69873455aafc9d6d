"""The loaded workflow files, once per process; a broken file stops start-up."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from riskpanel.config import Settings
from riskpanel.workflow import WorkflowRegistry, load_registry


@lru_cache(maxsize=8)
def _load(folder: str) -> WorkflowRegistry:
    return load_registry(Path(folder))


def get_workflows(settings: Settings) -> WorkflowRegistry:
    return _load(str(Path(settings.workflows_dir).resolve()))
