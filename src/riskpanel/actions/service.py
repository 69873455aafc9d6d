"""Actions: created at a meeting, progressed by the owning agency, reopened by the
coordinator, closed by the panel's review. Keyword-only; the caller commits.

Agency progress and the panel's review outcome stay separate: an agency may say it
completed an action the panel later records as ``not_done_by_agency``. Every change writes
its history row, its audit row and any notification in the caller's transaction.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, false, true
from sqlmodel import Session

from riskpanel.access.relations import WriteObject, require
from riskpanel.access.service import agency_may_receive, sees_victim_names
from riskpanel.actions import projections
from riskpanel.actions import repository as repo
from riskpanel.actions.access import is_panel, is_system, reopens_actions
from riskpanel.actions.schemas import (
    ActionDetail,
    ActionFilters,
    ActionOut,
    ActionPage,
    ActionUpdateIn,
    PanelActionDetail,
    PanelActionOut,
)
from riskpanel.actions.timers import (
    ActionRules,
    arm_action_timers,
    audit_action,
    cancel_action_timers,
    message_data,
)
from riskpanel.audit.cases import About, record_on
from riskpanel.config import Settings, get_settings
from riskpanel.kit.caller import Caller
from riskpanel.kit.concurrency import check_version, expected_version
from riskpanel.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from riskpanel.kit.ids import MAX_ID
from riskpanel.kit.pagination import decode_cursor, encode_cursor
from riskpanel.kit.paging import ListQuery, Page, PageRequest
from riskpanel.kit.principal import Principal
from riskpanel.models import Action, ActionUpdate, Agency, Case, Meeting, utcnow
from riskpanel.models.enums import AuditAction, ReviewOutcome
from riskpanel.notifications.service import notify_agency
from riskpanel.risk.timeframes import local_date

SUBJECT = "action"
PURPOSE = "action_tracking"

RANK = {"open": 0, "acknowledged": 1, "in_progress": 2, "completed": 3, "not_possible": 3}


def _audit(
    session: Session, principal: Principal, action: Action, kind: AuditAction, fields: list[str]
) -> None:
    audit_action(session, principal, action, kind, fields, purpose=PURPOSE)


def _changed(session: Session, action: Action, now: datetime, **event: Any) -> None:
    """One change of an action: a new version, and its history row stamped the same moment."""
    action.row_version += 1
    action.updated_at = now
    session.add(action)
    session.add(ActionUpdate(action_id=action.id or 0, at=now, **event))


def _panel_scope(principal: Principal) -> ColumnElement[bool]:
    if is_system(principal):
        return true()
    if is_panel(principal):
        return repo.scope(principal, access_days_after_closure=0)
    raise Forbidden("Only the panel may do this to an action.")


def _check_meeting(session: Session, meeting_id: int | None, case: Case) -> None:
    if meeting_id is None:
        return
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.panel_id != case.panel_id:
        raise InvalidInput.field("meeting_id", "is not a meeting of this case's panel")


def _case_for_new_action(session: Session, principal: Principal, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if is_panel(principal):
        if case is not None and case.panel_id != principal.panel_id:
            case = None
    elif not is_system(principal):
        raise Forbidden("Only the panel agrees actions.")
    if case is None or case.erased_at is not None:
        raise NotFound()
    return case


def create_action(
    *,
    session: Session,
    principal: Principal,
    case_id: int,
    meeting_id: int | None,
    agency_id: int,
    description: str,
    due_on: date,
    settings: Settings | None = None,
) -> Action:
    """An action agreed by the panel: referenced A-YYYY-NNNNNN, timers armed, agency told."""
    case = _case_for_new_action(session, principal, case_id)
    _check_meeting(session, meeting_id, case)
    agency = session.get(Agency, agency_id)
    if agency is None or not agency.active:
        raise InvalidInput.field("agency_id", "is not an active agency")
    text = description.strip()
    if not 1 <= len(text) <= 4000:
        raise InvalidInput.field("description", "must be 1 to 4000 characters")
    now = utcnow()
    action = Action(
        reference=f"pending-{uuid.uuid4().hex[:20]}",
        case_id=case_id,
        meeting_id=meeting_id,
        agency_id=agency_id,
        description=text,
        due_on=due_on,
        created_at=now,
        updated_at=now,
    )
    session.add(action)
    session.flush()
    action.reference = f"A-{now.year}-{action.id:06d}"  # from the id: unique without a race
    session.add(action)
    rules = ActionRules.from_settings(settings or get_settings())
    arm_action_timers(session=session, action=action, rules=rules, now=now)
    notify_agency(
        session=session,
        agency_id=agency_id,
        kind="action.assigned",
        data=message_data(action, case),
        dedupe_key=f"action:{action.id}:assigned",
    )
    _audit(session, principal, action, AuditAction.COLLECTION, ["description", "due_on"])
    return action


def record_review_outcome(
    *,
    session: Session,
    principal: Principal,
    action_id: int,
    outcome: ReviewOutcome | str,
    meeting_id: int | None,
    note: str | None = None,
) -> Action:
    """The panel's verdict at review; closes the action whatever the agency reported."""
    try:
        verdict = ReviewOutcome(outcome)
    except ValueError:
        allowed = ", ".join(o.value for o in ReviewOutcome)
        raise InvalidInput.field("outcome", f"must be one of {allowed}") from None
    found = repo.find_visible(session, _panel_scope(principal), action_id, lock=True)
    if found is None:
        raise NotFound()
    action, case = found
    if action.review_outcome is not None:
        raise Conflict(f"Action {action.reference} was already reviewed.")
    _check_meeting(session, meeting_id, case)
    now = utcnow()
    action.review_outcome, action.reviewed_at = verdict.value, now
    action.reviewed_meeting_id, action.overdue = meeting_id, False
    _changed(
        session,
        action,
        now,
        progress="reviewed",
        outcome=verdict.value,
        note=note,
        by_user_id=principal.user_id,
    )
    cancel_action_timers(session=session, action=action)
    _audit(session, principal, action, AuditAction.ALTERATION, ["review_outcome", "note"])
    return action


def visible_action(
    *, session: Session, caller: Caller, action_id: int, lock: bool = False
) -> tuple[Action, Case]:
    """The action, or NotFound: missing, another agency's, or the agency may not receive."""
    found = repo.find_visible_to(
        session,
        caller.principal,
        action_id,
        access_days_after_closure=caller.access_days,
        lock=lock,
    )
    if found is None or not agency_may_receive(session, caller.principal):
        raise NotFound()
    return found


def _visible_rows(
    session: Session, caller: Caller, filters: ActionFilters, after_id: int | None, limit: int
) -> tuple[repo.Rows, str | None]:
    """One page of the rows the caller reaches, and the cursor that continues it, if any.

    The JSON list and the CSV export share it, so both give the same rows to the same caller."""
    principal = caller.principal
    rows = repo.list_visible(
        session,
        principal,
        filters,
        access_days_after_closure=caller.access_days,
        after_id=after_id,
        limit=limit + 1,
    )
    if not agency_may_receive(session, principal):
        rows = []
    page = rows[:limit]
    return page, encode_cursor(page[-1].id) if len(rows) > limit and page else None


def list_actions(
    *,
    session: Session,
    caller: Caller,
    filters: ActionFilters,
    limit: int = 50,
    cursor: str | None = None,
) -> ActionPage:
    principal = caller.principal
    page, next_cursor = _visible_rows(session, caller, filters, after_cursor(cursor), limit)
    listed = projections.page(principal, page, next_cursor)
    about = About("action_list")
    logged = ["reference", "description", "due_on", "progress"]
    detail = {"action_ids": [row.id for row in page]}
    record_on(
        session, principal, AuditAction.CONSULTATION, PURPOSE, about, fields=logged, detail=detail
    )
    return listed


def action_list_page(
    *, session: Session, caller: Caller, query: ListQuery, page: PageRequest
) -> Page[ActionOut | PanelActionOut]:
    """The web's action list: soonest due first, numbered pages, searched and filtered."""
    principal = caller.principal
    names = sees_victim_names(principal)
    condition = repo.scope(principal, access_days_after_closure=caller.access_days)
    if not agency_may_receive(session, principal):
        condition = false()
    today = local_date(utcnow())
    found = repo.action_list(session, condition, query, names=names, page=page, today=today)
    detail = {"action_ids": [a.id for a, _ in found.items], **query.logged(names)}
    logged = ["reference", "description", "due_on", "progress"]
    about = About("action_list")
    record_on(
        session, principal, AuditAction.CONSULTATION, PURPOSE, about, fields=logged, detail=detail
    )
    return found.with_items(projections.summaries(session, principal, found.items))


def after_cursor(cursor: str | None) -> int | None:
    """The shared decoder lets odd digits ("²") and huge numbers through; refuse them here."""
    try:
        after = decode_cursor(cursor)
    except ValueError:
        after = -1
    if after is not None and not 0 <= after <= MAX_ID:
        raise InvalidInput.field("cursor", "is not a cursor this API issued")
    return after


def export_actions(
    *,
    session: Session,
    caller: Caller,
    filters: ActionFilters,
    limit: int,
    after_id: int | None,
) -> tuple[str, str | None]:
    """The caller's rows as CSV and, when more rows match, the cursor that continues it.

    The download leaves riskpanel, so it is logged as a disclosure to the caller (like the
    access log's export)."""
    principal = caller.principal
    page, next_cursor = _visible_rows(session, caller, filters, after_id, limit)
    text = projections.as_csv(principal, page)
    record_on(
        session,
        principal,
        AuditAction.DISCLOSURE,
        PURPOSE,
        About("action_list"),
        fields=["reference", "description", "due_on", "progress", "outcome"],
        recipients=[principal.label],
        detail={"action_ids": [row.id for row in page], "format": "csv"},
    )
    return text, next_cursor


def read_action(
    *, session: Session, caller: Caller, action_id: int
) -> tuple[Action, ActionDetail | PanelActionDetail]:
    principal = caller.principal
    action, case = visible_action(session=session, caller=caller, action_id=action_id)
    _audit(
        session, principal, action, AuditAction.CONSULTATION, ["description", "progress", "history"]
    )
    return action, projections.detail(session, principal, action, case)


def _locked_for_change(
    session: Session, caller: Caller, action_id: int, if_match: str | None, operation: str
) -> tuple[Action, Case]:
    """Visibility first (404 leaks nothing), then the declared relation (403), then
    If-Match (428), then the version (412)."""
    action, case = visible_action(session=session, caller=caller, action_id=action_id, lock=True)
    obj = WriteObject(case=case, action=action, access_days_after_closure=caller.access_days)
    require(session=session, principal=caller.principal, operation=operation, obj=obj)
    expected = expected_version(if_match, kind="action", object_id=action_id)
    check_version(kind="action", object_id=action_id, current=action.row_version, expected=expected)
    return action, case


def record_progress(
    *,
    session: Session,
    caller: Caller,
    action_id: int,
    data: ActionUpdateIn,
    if_match: str | None,
) -> tuple[Action, Case]:
    """An agency's progress report. A finished action stays finished: only the coordinator
    reopens it (409 otherwise), and progress never moves backwards."""
    principal = caller.principal
    if not principal.is_agency:
        raise Forbidden("Progress is reported by the owning agency.")
    action, case = _locked_for_change(session, caller, action_id, if_match, "actions.update")
    if action.review_outcome is not None:
        raise Conflict(f"The panel reviewed this action ({action.review_outcome}); it is closed.")
    if action.progress in repo.FINISHED:
        raise Conflict(
            f"This action is {action.progress}; only the panel coordinator can reopen it."
        )
    if RANK[data.progress] < RANK[action.progress]:
        raise Conflict(f"Progress cannot go back from {action.progress} to {data.progress}.")
    now = utcnow()
    action.progress = data.progress
    if data.progress in repo.FINISHED:
        action.outcome, action.overdue = data.outcome or data.reason, False
        cancel_action_timers(session=session, action=action)
    _changed(
        session,
        action,
        now,
        progress=data.progress,
        outcome=data.outcome,
        reason=data.reason,
        note=data.note,
        by_user_id=principal.user_id,
        by_credential_id=principal.credential_id,
    )
    changed = ["progress", *(f for f in ("outcome", "reason", "note") if getattr(data, f))]
    _audit(session, principal, action, AuditAction.ALTERATION, changed)
    return action, case


def reopen_action(
    *, session: Session, caller: Caller, action_id: int, reason: str, if_match: str | None
) -> tuple[Action, Case]:
    """The coordinator sends a finished action back to the agency, which is told at once."""
    principal = caller.principal
    if not reopens_actions(principal):
        raise Forbidden("Only the panel coordinator reopens an action.")
    action, case = _locked_for_change(session, caller, action_id, if_match, "actions.reopen")
    if action.review_outcome is not None:
        raise Conflict("The panel has reviewed this action; agree a new action instead.")
    if action.progress not in repo.FINISHED:
        raise Conflict(f"This action is {action.progress}: it is still open.")
    now = utcnow()
    action.progress, action.outcome = "open", None
    _changed(
        session,
        action,
        now,
        progress="reopened",
        reason=reason,
        by_user_id=principal.user_id,
    )
    rules = ActionRules.from_settings(caller.settings)
    arm_action_timers(session=session, action=action, rules=rules, now=now)
    notify_agency(
        session=session,
        agency_id=action.agency_id,
        kind="action.reopened",
        data=message_data(action, case),
        dedupe_key=f"action:{action.id}:reopened:v{action.row_version}",
    )
    _audit(session, principal, action, AuditAction.ALTERATION, ["progress", "reason"])
    return action, case
