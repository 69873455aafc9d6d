"""Timers that move a case by themselves (review due, end of the repeat window) and
the twelve-month notice. Each fires through the workflow like any other trigger."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from riskpanel.cases.transitions.service import fire_transition
from riskpanel.config import get_settings
from riskpanel.kit.errors import RiskPanelError
from riskpanel.kit.principal import SYSTEM
from riskpanel.models import Case, Timer
from riskpanel.timers.registry import timer_handler
from riskpanel.workflow.registry import get_workflows


def _fire_configured(session: Session, timer: Timer, _now: datetime) -> str:
    case = session.get(Case, timer.subject_id)
    if case is None:
        return "case gone"
    workflows = get_workflows(get_settings())
    defn = workflows.get(case.workflow_name, case.workflow_version)
    definition = next((t for t in defn.timers if t.kind == timer.kind and t.fire), None)
    if definition is None or definition.on_state != case.state:
        return f"skipped: case is {case.state}"
    try:
        with session.begin_nested():
            result = fire_transition(
                session=session,
                principal=SYSTEM,
                case_id=case.id or 0,
                trigger=definition.fire or "",
                expected_version=None,
                workflows=workflows,
            )
    except RiskPanelError as exc:
        return f"refused: {exc.slug}"
    return f"fired {result.outcome.trigger}"


timer_handler("review_due")(_fire_configured)
timer_handler("monitoring_end")(_fire_configured)


@timer_handler("twelve_month_notice")
def twelve_month_notice(session: Session, timer: Timer, _now: datetime) -> str:
    """The agenda proposal lists these cases; the timer records that the notice fell due."""
    case = session.get(Case, timer.subject_id)
    return "noted" if case is not None else "case gone"
