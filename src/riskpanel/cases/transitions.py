"""Firing a trigger on a stored case: lock, check the version, decide, apply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from riskpanel.access.service import get_visible_case
from riskpanel.cases import facts, lifecycle
from riskpanel.cases import repository as repo
from riskpanel.kit.concurrency import check_version
from riskpanel.kit.errors import NotFound
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import Case, CaseHistory, utcnow
from riskpanel.workflow import (
    AvailableTrigger,
    TransitionOutcome,
    WorkflowRegistry,
    available,
    fire,
)


@dataclass(frozen=True)
class TransitionResult:
    case: Case
    history: CaseHistory
    outcome: TransitionOutcome


def _locked_case(session: Session, principal: Principal, case_id: int, access_days: int) -> Case:
    if principal.role != Role.SYSTEM:
        get_visible_case(
            session=session,
            principal=principal,
            case_id=case_id,
            access_days_after_closure=access_days,
        )
    case = repo.lock_case(session, case_id)
    if case is None:
        raise NotFound()
    session.refresh(case)  # the locked row, not a copy read before the lock
    return case


def fire_transition(
    *,
    session: Session,
    principal: Principal,
    case_id: int,
    trigger: str,
    expected_version: int | None,
    workflows: WorkflowRegistry,
    reason: str | None = None,
    fields: dict[str, Any] | None = None,
    access_days_after_closure: int = 90,
) -> TransitionResult:
    """`expected_version` comes from If-Match; None only for internal callers that hold
    their own lock (timers, the meeting record)."""
    fields = dict(fields or {})
    case = _locked_case(session, principal, case_id, access_days_after_closure)
    if expected_version is not None:
        check_version(
            kind="case", object_id=case.id, current=case.row_version, expected=expected_version
        )
    defn = workflows.get(case.workflow_name, case.workflow_version)
    th = facts.thresholds(session, case, defn)
    ctx = facts.gather(session, case, th, utcnow())
    outcome = fire(
        defn,
        state=case.state,
        trigger=trigger,
        role=principal.role,
        ctx=ctx,
        reason=reason,
        fields=fields,
        thresholds=th,
    )
    history = lifecycle.apply_outcome(
        session=session,
        principal=principal,
        case=case,
        defn=defn,
        outcome=outcome,
        reason=reason,
        fields=fields,
    )
    return TransitionResult(case, history, outcome)


def triggers_now(
    *, session: Session, principal: Principal, case: Case, workflows: WorkflowRegistry
) -> list[AvailableTrigger]:
    defn = workflows.get(case.workflow_name, case.workflow_version)
    th = facts.thresholds(session, case, defn)
    ctx = facts.gather(session, case, th, utcnow())
    return available(defn, state=case.state, role=principal.role, ctx=ctx)
