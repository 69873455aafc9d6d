"""The case lifecycle as data: workflow files, validation, an engine over `transitions`.

Pure: no FastAPI and no database. The cases package feeds it facts and stores what it
decides.
"""

from riskpanel.workflow.diagram import to_dot, to_mermaid
from riskpanel.workflow.engine import (
    AvailableTrigger,
    TransitionOutcome,
    available,
    available_triggers,
    fire,
)
from riskpanel.workflow.errors import (
    FieldRequired,
    GuardFailed,
    ReasonRequired,
    RoleNotAllowed,
    TransitionNotAllowed,
    UnknownState,
    UnknownTrigger,
    WorkflowDefinitionError,
)
from riskpanel.workflow.guards import GUARDS, GuardContext, GuardResult, guard
from riskpanel.workflow.loader import load_workflow
from riskpanel.workflow.migration import MigrationPlan, plan_migration
from riskpanel.workflow.offsets import Offset, compute_due, parse_offset
from riskpanel.workflow.registry import WorkflowRegistry, load_registry, load_workflow_dir
from riskpanel.workflow.schema import (
    StateDef,
    TimerDef,
    TransitionDef,
    WorkflowDef,
    WorkflowDefinition,
)

__all__ = [
    "GUARDS",
    "AvailableTrigger",
    "FieldRequired",
    "GuardContext",
    "GuardFailed",
    "GuardResult",
    "MigrationPlan",
    "Offset",
    "ReasonRequired",
    "RoleNotAllowed",
    "StateDef",
    "TimerDef",
    "TransitionDef",
    "TransitionNotAllowed",
    "TransitionOutcome",
    "UnknownState",
    "UnknownTrigger",
    "WorkflowDef",
    "WorkflowDefinition",
    "WorkflowDefinitionError",
    "WorkflowRegistry",
    "available",
    "available_triggers",
    "compute_due",
    "fire",
    "guard",
    "load_registry",
    "load_workflow",
    "load_workflow_dir",
    "parse_offset",
    "plan_migration",
    "to_dot",
    "to_mermaid",
]
