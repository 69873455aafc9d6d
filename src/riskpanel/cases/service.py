"""Reading cases through the projection the caller's role allows, and logging the read."""

from __future__ import annotations

from sqlmodel import Session, col

from riskpanel.access.service import agency_may_receive, case_filter, sees_victim_names
from riskpanel.access.visible import visible_case
from riskpanel.audit.cases import About, record_on
from riskpanel.cases import repository as repo
from riskpanel.cases.projections import case_detail
from riskpanel.cases.schemas import (
    AgencyCaseView,
    AvailableTriggerView,
    CaseDetail,
    CaseListRow,
    CasePage,
    CaseSummary,
    HistoryEntry,
    TransitionsView,
)
from riskpanel.cases.transitions.service import Step, history_entry, triggers_now
from riskpanel.kit.caller import Caller
from riskpanel.kit.concurrency import etag
from riskpanel.kit.pagination import decode_cursor, encode_cursor
from riskpanel.kit.paging import ListQuery, Page, PageRequest
from riskpanel.kit.principal import Principal
from riskpanel.kit.text import full_name
from riskpanel.models import Case, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.risk.timeframes import local_date
from riskpanel.workflow.migration import plan_migration
from riskpanel.workflow.registry import get_workflows
from riskpanel.workflow.schema import WorkflowDef

AGENCY_FIELDS = [
    "reference",
    "state",
    "route",
    "risk_level",
    "victim",
    "parties",
    "incidents",
    "narrative",
]
PANEL_FIELDS = [
    *AGENCY_FIELDS,
    "victim_special_category",
    "victim_contact",
    "why_answer",
    "assessments",
    "history",
    "route_evidence",
]


def list_cases(
    *,
    session: Session,
    caller: Caller,
    state: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> CasePage:
    principal = caller.principal
    where = case_filter(principal, access_days_after_closure=caller.access_days)
    after = decode_cursor(cursor)
    rows = repo.case_page(session, where, state=state, after=after, limit=limit + 1)
    if not agency_may_receive(session, principal):
        rows = []
    page, more = rows[:limit], len(rows) > limit
    listed = CasePage(
        items=[CaseSummary.model_validate(c) for c in page],
        next_cursor=encode_cursor(page[-1].id or 0) if more and page else None,
    )
    # last: on SQLite the audit row waits for the write lock, so shape the page first
    record_case_list(session=session, principal=principal, case_ids=[c.id for c in page])
    return listed


def case_list_page(
    *, session: Session, caller: Caller, query: ListQuery, page: PageRequest
) -> Page[CaseListRow]:
    """The web's case list: newest first, numbered pages, searched and filtered. A search
    by name is a read of names, so the log says a name was searched and what it showed."""
    principal = caller.principal
    names = sees_victim_names(principal)
    where = case_filter(principal, access_days_after_closure=caller.access_days)
    if not agency_may_receive(session, principal):
        where = col(Case.id) == -1
    today = local_date(utcnow())
    found = repo.case_list(session, where, query, names=names, page=page, today=today)
    shown = found.map(
        lambda row: CaseListRow(
            CaseSummary.model_validate(row[0]), full_name(row[1]) if names else None
        )
    )
    record_case_list(
        session=session,
        principal=principal,
        case_ids=[row.case.id for row in shown.items],
        names=names,
        searched=query.logged(names),
    )
    return shown


def record_case_list(
    *,
    session: Session,
    principal: Principal,
    case_ids: list[int | None],
    names: bool = False,
    searched: dict[str, str] | None = None,
) -> None:
    """Log a read of a list of cases (the case list, the dashboard's twelve-month panel):
    every screen that shows cases side by side leaves the same consultation row. The
    search words are not kept (they may be a name); that there was a search is."""
    about = About("case_list")
    logged = ["reference", "state", "route", "risk_level", *(["victim_name"] if names else [])]
    detail = {"case_ids": case_ids, **(searched or {})}
    record_on(
        session,
        principal,
        AuditAction.CONSULTATION,
        "case_management",
        about,
        fields=logged,
        detail=detail,
    )


def get_case(
    *, session: Session, caller: Caller, case_id: int
) -> tuple[Case, AgencyCaseView | CaseDetail]:
    """The case as the caller's role may see it, its read logged. Built from plain rows and
    validated once (`projections.case_detail`): every API read and case page runs this."""
    principal = caller.principal
    case = visible_case(session, caller, case_id)
    assert case.id is not None
    panel = not principal.is_agency
    view = case_detail(case, repo.case_rows(session, case.id, panel=panel), panel=panel)
    # last: on SQLite the audit row takes the write lock, held until the commit
    fields = PANEL_FIELDS if panel else AGENCY_FIELDS
    about = About.case(case)
    record_on(session, principal, AuditAction.CONSULTATION, "case_management", about, fields=fields)
    return case, view


def transitions_view(
    *,
    session: Session,
    caller: Caller,
    case_id: int,
) -> TransitionsView:
    principal = caller.principal
    case = visible_case(session, caller, case_id)
    workflows = get_workflows(caller.settings)
    defn = workflows.get(case.workflow_name, case.workflow_version)
    now_available = triggers_now(
        session=session, principal=principal, case=case, workflows=workflows
    )
    about = About.case(case, "case_history", victim=False)
    logged = ["state", "history"]
    record_on(session, principal, AuditAction.CONSULTATION, "case_management", about, fields=logged)
    return TransitionsView(
        case_id=case.id or 0,
        state=case.state,
        state_label=defn.states[case.state].label,
        workflow_name=case.workflow_name,
        workflow_version=case.workflow_version,
        etag=etag("case", case.id, case.row_version),
        available=[
            AvailableTriggerView.model_validate(a, from_attributes=True) for a in now_available
        ],
        history=[HistoryEntry.model_validate(h) for h in repo.history(session, case.id or 0)],
    )


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
    cases = repo.lock_cases_on(session, old.name, old.version)
    report: dict[str, int] = {}
    now = utcnow()
    for case in cases:
        target = plan.state_map[case.state]
        key = f"{case.state} -> {target}"
        report[key] = report.get(key, 0) + 1
        if not apply:
            continue
        step = Step(case.state, "workflow_migration", target)
        reason = f"{old.name} v{old.version} -> v{new.version}"
        session.add(history_entry(case, principal, step, new.version, reason, now))
        case.state, case.workflow_version = target, new.version
        case.row_version += 1
        session.add(case)
        about = About.case(case, victim=False)
        logged = ["state", "workflow_version"]
        record_on(
            session, principal, AuditAction.ALTERATION, "administration", about, fields=logged
        )
    return report
