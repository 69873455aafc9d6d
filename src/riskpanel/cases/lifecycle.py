"""Opening a case and applying a decided transition: state, history, audit and timers
are written in the caller's transaction, so they commit together or not at all."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Session

from riskpanel.audit.service import record
from riskpanel.cases import facts
from riskpanel.cases.notices import queue_transition_notices
from riskpanel.kit.errors import InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.models import Case, CaseHistory, CasePerson, Referral, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.timers import service as timers
from riskpanel.workflow import TransitionOutcome, WorkflowRegistry
from riskpanel.workflow.offsets import compute_due, parse_offset
from riskpanel.workflow.schema import WorkflowDef

CASE_SUBJECT = "case"


def open_case(
    *,
    session: Session,
    principal: Principal,
    panel_id: int,
    victim_person_id: int,
    children_in_household: bool,
    referral: Referral,
    workflows: WorkflowRegistry,
    workflow_name: str = "hate_crime_panel",
) -> Case:
    """A new case in the workflow's initial state, linked to the referral that opened it."""
    defn = workflows.get(workflow_name)
    now = utcnow()
    case = Case(
        reference=f"pending-{uuid.uuid4().hex[:20]}",
        panel_id=panel_id,
        victim_person_id=victim_person_id,
        state=defn.initial_state,
        workflow_name=defn.name,
        workflow_version=defn.version,
        children_in_household=children_in_household,
        opened_at=now,
        state_entered_at=now,
        last_referral_at=referral.received_at,
    )
    session.add(case)
    session.flush()
    assert case.id is not None
    case.reference = f"HC-{now.year}-{case.id:06d}"  # from the id: unique without a race
    referral.case_id = case.id
    session.add(referral)
    session.add(
        CasePerson(
            case_id=case.id, person_id=victim_person_id, role="victim", referral_id=referral.id
        )
    )
    session.add(
        CaseHistory(
            case_id=case.id,
            from_state="",
            to_state=case.state,
            trigger="open",
            workflow_version=defn.version,
            actor_user_id=principal.user_id,
            actor_label=principal.label,
            reason=f"opened from referral {referral.reference}",
            at=now,
        )
    )
    record(
        session=session,
        principal=principal,
        action=AuditAction.COLLECTION,
        subject_type=CASE_SUBJECT,
        subject_id=case.id,
        case_id=case.id,
        person_id=victim_person_id,
        purpose="screening",
        fields=["reference", "state", "panel_id", "victim_person_id", "children_in_household"],
    )
    return case


def _anchor(session: Session, case: Case, anchor: str, now: datetime) -> datetime | None:
    if anchor == "entered_at":
        return now
    if anchor == "last_referral_at":
        return case.last_referral_at
    if anchor == "last_hearing_at":
        return case.last_hearing_at
    if anchor == "meeting_at":
        meeting = facts.next_listing(session, case.id or 0, now)
        return meeting.starts_at if meeting else None
    return None


def _arm_entry_timers(session: Session, case: Case, defn: WorkflowDef, now: datetime) -> None:
    from riskpanel.risk.deadlines import add_working_days

    for timer in defn.timers_on_entry(case.state):
        anchor = _anchor(session, case, timer.anchor, now)
        if anchor is None:
            continue
        due = compute_due(parse_offset(timer.offset), anchor, add_working_days)
        timers.arm(
            session=session,
            kind=timer.kind,
            subject_type=CASE_SUBJECT,
            subject_id=case.id or 0,
            due_at=due,
            case_id=case.id,
        )


def apply_outcome(
    *,
    session: Session,
    principal: Principal,
    case: Case,
    defn: WorkflowDef,
    outcome: TransitionOutcome,
    reason: str | None,
    fields: dict[str, object],
) -> CaseHistory:
    now = utcnow()
    leaving = {t.kind for t in defn.timers_on_entry(outcome.source) if t.fire}
    if leaving:
        timers.cancel(
            session=session, subject_type=CASE_SUBJECT, subject_id=case.id or 0, kinds=leaving
        )
    case.state = outcome.dest
    case.state_entered_at = now
    case.row_version += 1
    if outcome.trigger == "accept":
        case.route = str(fields["route"])
    if outcome.dest == "heard":
        case.last_hearing_at = now
    if defn.states[outcome.dest].terminal:
        case.closed_at = now
    session.add(case)
    history = CaseHistory(
        case_id=case.id or 0,
        from_state=outcome.source,
        to_state=outcome.dest,
        trigger=outcome.trigger,
        workflow_version=defn.version,
        actor_user_id=principal.user_id,
        actor_label=principal.label,
        reason=reason,
        fields=_safe_fields(fields),
        at=now,
    )
    session.add(history)
    record(
        session=session,
        principal=principal,
        action=AuditAction.ALTERATION,
        subject_type=CASE_SUBJECT,
        subject_id=case.id,
        case_id=case.id,
        person_id=case.victim_person_id,
        purpose="case_management",
        fields=["state", *sorted(fields)],
        detail={"trigger": outcome.trigger, "from": outcome.source, "to": outcome.dest},
    )
    _arm_entry_timers(session, case, defn, now)
    queue_transition_notices(session, case, outcome)
    return history


def _safe_fields(fields: dict[str, object]) -> dict[str, object]:
    """Transition fields are short codes (route, meeting id); refuse anything else."""
    for name, value in fields.items():
        if not isinstance(value, str | int | bool) or (isinstance(value, str) and len(value) > 80):
            raise InvalidInput.field(f"fields.{name}", "must be a short code, number or flag")
    return dict(fields)
