"""Loading a workflow file and checking everything before anything runs.

Every problem is reported with the file and line it comes from, all at once, so a panel
administrator editing the YAML fixes the file in one pass; a file that loads can be fired
without any further lookups by name.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from riskpanel.workflow.checks import check
from riskpanel.workflow.errors import WorkflowDefinitionError
from riskpanel.workflow.schema import WorkflowDefinition
from riskpanel.workflow.source import Problems, Source, read_source


def _schema_problems(exc: ValidationError, src: Source) -> Problems:
    problems: Problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        where = ".".join(map(str, loc)) or "the file"
        problems.append((src.line(*loc), f"{where}: {error['msg']}"))
    return problems


def load_workflow(path: Path | str) -> WorkflowDefinition:
    """Read, validate and index one workflow file; raise WorkflowDefinitionError listing
    every problem (file:line: message) if anything is wrong."""
    path = Path(path)
    src = read_source(path)
    if not isinstance(src.data, dict):
        raise WorkflowDefinitionError(path, [(1, "a workflow file must be a mapping")])
    try:
        definition = WorkflowDefinition.model_validate(src.data)
    except ValidationError as exc:
        raise WorkflowDefinitionError(path, src.problems + _schema_problems(exc, src)) from None
    problems = src.problems + check(definition, src)
    if problems:
        raise WorkflowDefinitionError(path, problems)
    return definition
