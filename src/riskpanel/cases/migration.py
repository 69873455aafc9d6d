"""Moving running cases to a new workflow version, each with a history row."""

from __future__ import annotations

from sqlmodel import Session, col, select

from riskpanel.audit.service import record
from riskpanel.kit.principal import Principal
from riskpanel.models import Case, CaseHistory, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.workflow.migration import plan_migration
from riskpanel.workflow.schema import WorkflowDef


def migrate_cases(
    *,
    session: Session,
    principal: Principal,
    old: WorkflowDef,
    new: WorkflowDef,
    state_map: dict[str, str],
    apply: bool,
) -> dict[str, int]:
    """Returns how many cases move from each `old -> new` state; writes only with apply."""
    plan = plan_migration(old, new, state_map)
    cases = session.exec(
        select(Case)
        .where(Case.workflow_name == old.name, Case.workflow_version == old.version)
        .order_by(col(Case.id))
        .with_for_update()
    ).all()
    report: dict[str, int] = {}
    now = utcnow()
    for case in cases:
        target = plan.state_map[case.state]
        key = f"{case.state} -> {target}"
        report[key] = report.get(key, 0) + 1
        if not apply:
            continue
        session.add(
            CaseHistory(
                case_id=case.id or 0,
                from_state=case.state,
                to_state=target,
                trigger="workflow_migration",
                workflow_version=new.version,
                actor_user_id=principal.user_id,
                actor_label=principal.label,
                reason=f"{old.name} v{old.version} -> v{new.version}",
                at=now,
            )
        )
        case.state, case.workflow_version = target, new.version
        case.row_version += 1
        session.add(case)
        record(
            session=session,
            principal=principal,
            action=AuditAction.ALTERATION,
            subject_type="case",
            subject_id=case.id,
            case_id=case.id,
            purpose="administration",
            fields=["state", "workflow_version"],
        )
    return report
