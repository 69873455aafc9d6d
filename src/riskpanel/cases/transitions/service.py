"""Firing a trigger on a stored case: lock, check the version, decide, apply.

Opening a case and applying a decided transition write state, history, audit and timers in
the caller's transaction, so they commit together or not at all. Who is told of a move is
queued in that same transaction (the outbox) and delivered by ``riskpanel tick`` after
commit, carrying references and a link only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlmodel import Session

from riskpanel.access.service import get_visible_case
from riskpanel.audit.cases import About, record_on
from riskpanel.cases import repository as repo
from riskpanel.cases.transitions import repository as facts
from riskpanel.kit.concurrency import check_version
from riskpanel.kit.errors import InvalidInput, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import Case, CaseHistory, CasePerson, Referral, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.notifications.service import notify_agency
from riskpanel.timers import service as timers
from riskpanel.workflow import (
    AvailableTrigger,
    TransitionOutcome,
    WorkflowRegistry,
    available,
    fire,
)
from riskpanel.workflow.offsets import compute_due, parse_offset
from riskpanel.workflow.schema import WorkflowDef


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
    history = apply_outcome(
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


CASE_SUBJECT = "case"


def open_case(
    *,
    session: Session,
    principal: Principal,
    referral: Referral,
    workflows: WorkflowRegistry,
    workflow_name: str = "hate_crime_panel",
) -> Case:
    """A new case in the workflow's initial state, linked to the referral that opened it:
    the referral's panel, victim and household."""
    defn = workflows.get(workflow_name)
    now = utcnow()
    victim_person_id = referral.victim_person_id
    case = Case(
        reference=f"pending-{uuid.uuid4().hex[:20]}",
        panel_id=referral.panel_id,
        victim_person_id=victim_person_id,
        state=defn.initial_state,
        workflow_name=defn.name,
        workflow_version=defn.version,
        children_in_household=referral.children_in_household,
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
    reason, step = f"opened from referral {referral.reference}", Step("", "open", case.state)
    session.add(history_entry(case, principal, step, defn.version, reason, now))
    fields = ["reference", "state", "panel_id", "victim_person_id", "children_in_household"]
    record_on(
        session, principal, AuditAction.COLLECTION, "screening", About.case(case), fields=fields
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
    step = Step(outcome.source, outcome.trigger, outcome.dest)
    history = history_entry(case, principal, step, defn.version, reason, now, _safe_fields(fields))
    session.add(history)
    detail = {"trigger": outcome.trigger, "from": outcome.source, "to": outcome.dest}
    about = About.case(case)
    logged = ["state", *sorted(fields)]
    record_on(
        session,
        principal,
        AuditAction.ALTERATION,
        "case_management",
        about,
        fields=logged,
        detail=detail,
    )
    _arm_entry_timers(session, case, defn, now)
    queue_transition_notices(session, case, outcome)
    return history


class Step(NamedTuple):
    """How a case moved, named as its history row's columns."""

    from_state: str
    trigger: str
    to_state: str


def history_entry(
    case: Case,
    principal: Principal,
    step: Step,
    version: int,
    reason: str | None,
    at: datetime,
    fields: dict[str, object] | None = None,
) -> CaseHistory:
    """One line of the case's history, signed by the caller. Opening a case, a transition
    and a workflow migration all write it, so the history reads the same whichever way the
    case moved."""
    return CaseHistory(
        case_id=case.id or 0,
        workflow_version=version,
        actor_user_id=principal.user_id,
        actor_label=principal.label,
        reason=reason,
        fields=fields or {},
        at=at,
        **step._asdict(),
    )


def _safe_fields(fields: dict[str, object]) -> dict[str, object]:
    """Transition fields are short codes (route, meeting id); refuse anything else."""
    for name, value in fields.items():
        if not isinstance(value, str | int | bool) or (isinstance(value, str) and len(value) > 80):
            raise InvalidInput.field(f"fields.{name}", "must be a short code, number or flag")
    return dict(fields)


REFERRER_NOTICES = {"accept": "case.accepted", "reject": "case.rejected"}


def queue_transition_notices(session: Session, case: Case, outcome: TransitionOutcome) -> int:
    """The referrer learns the screening decision; member agencies learn of a listing,
    so they can research their own records before the meeting."""
    assert case.id is not None
    data = {"case_reference": case.reference, "path": f"/cases/{case.id}"}
    key = f"case:{case.id}:v{case.row_version}:{outcome.trigger}"
    kind = REFERRER_NOTICES.get(outcome.trigger)
    if kind:
        agency_id = facts.referring_agency(session, case.id)
        return (
            notify_agency(
                session=session, agency_id=agency_id, kind=kind, data=data, dedupe_key=key
            )
            if agency_id
            else 0
        )
    if outcome.trigger != "list_for_meeting":
        return 0
    meeting = facts.next_listing(session, case.id, utcnow())
    if meeting is not None:
        data["meeting_on"] = meeting.starts_at.date().isoformat()
    members = facts.member_agencies(session, case.panel_id)
    return sum(
        notify_agency(
            session=session, agency_id=agency_id, kind="case.listed", data=data, dedupe_key=key
        )
        for agency_id in members
    )
