"""The case lifecycle as data: workflow files, validation, an engine over `transitions`.

Pure: no FastAPI and no database. The cases package feeds it facts and stores what it
decides.
"""

from riskpanel.workflow.engine import AvailableTrigger, TransitionOutcome, available, fire
from riskpanel.workflow.errors import (
    FieldRequired,
    GuardFailed,
    RoleNotAllowed,
    TransitionNotAllowed,
    UnknownTrigger,
    WorkflowDefinitionError,
)
from riskpanel.workflow.guards import GuardContext
from riskpanel.workflow.loader import load_workflow
from riskpanel.workflow.registry import WorkflowRegistry, load_registry
from riskpanel.workflow.schema import StateDef, TimerDef, TransitionDef, WorkflowDef

__all__ = [
    "AvailableTrigger",
    "FieldRequired",
    "GuardContext",
    "GuardFailed",
    "RoleNotAllowed",
    "StateDef",
    "TimerDef",
    "TransitionDef",
    "TransitionNotAllowed",
    "TransitionOutcome",
    "UnknownTrigger",
    "WorkflowDef",
    "WorkflowDefinitionError",
    "WorkflowRegistry",
    "available",
    "fire",
    "load_registry",
    "load_workflow",
]
