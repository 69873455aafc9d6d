"""Loading the risk package's YAML data files with errors a coordinator can act on.

Thresholds, questions and lexicons are local policy, so they live in files that panels edit.
A broken file must fail loudly at start-up with the file, the line and the problem named,
never half-load and score people against a partial checklist.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from riskpanel.kit.errors import RiskPanelError

M = TypeVar("M", bound=BaseModel)


class RiskDataError(RiskPanelError):
    """A risk data file (checklist, lexicon) is missing or invalid: a deployment fault."""

    status: ClassVar[int] = 500
    slug: ClassVar[str] = "risk-data-invalid"
    title: ClassVar[str] = "Risk data file invalid"


def default_workflows_dir() -> Path:
    """The configured workflows folder, so wheels, checkouts and overrides all agree."""
    from riskpanel.config import get_settings

    return Path(get_settings().workflows_dir)


def _line_of(node: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a 1-based line."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RiskDataError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise RiskDataError(f"{path}{where}: not valid YAML ({exc})") from exc


def load_model(path: Path, model: type[M]) -> M:
    """Parse ``path`` into ``model``; every problem is reported with file and line."""
    data, root = _read_yaml(path)
    if not isinstance(data, dict):
        raise RiskDataError(f"{path}: expected a mapping at the top level")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = err["loc"]
            line = _line_of(root, loc)
            where = ".".join(str(p) for p in loc) or "(top level)"
            at = f" line {line}" if line else ""
            problems.append(f"{path}{at}: {where}: {err['msg']}")
        raise RiskDataError("; ".join(problems), extra={"file": str(path)}) from exc
