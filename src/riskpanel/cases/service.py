"""Reading cases through the projection the caller's role allows, and logging the read."""

from __future__ import annotations

from sqlmodel import Session, col

from riskpanel.access.service import agency_may_receive, case_filter, sees_victim_names
from riskpanel.access.visible import visible_case
from riskpanel.audit.cases import About, record_on
from riskpanel.cases import repository as repo
from riskpanel.cases.projections import view_of
from riskpanel.cases.schemas import (
    AgencyCaseView,
    AssessmentView,
    AvailableTriggerView,
    CaseDetail,
    CaseListRow,
    CasePage,
    CaseParty,
    CaseSummary,
    HistoryEntry,
    IncidentView,
    PersonBrief,
    PersonFull,
    StrandView,
    TransitionsView,
)
from riskpanel.cases.transitions.service import Step, history_entry, triggers_now
from riskpanel.kit.caller import Caller
from riskpanel.kit.concurrency import etag
from riskpanel.kit.pagination import decode_cursor, encode_cursor
from riskpanel.kit.paging import ListQuery, Page, PageRequest
from riskpanel.kit.principal import Principal
from riskpanel.kit.text import full_name
from riskpanel.models import Case, CasePerson, Person, Referral, utcnow
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


def _agency_view(
    session: Session,
    case: Case,
    referral: Referral | None,
    party_rows: list[tuple[CasePerson, Person | None]],
) -> AgencyCaseView:
    assert case.id is not None
    victim = next((p for cp, p in party_rows if cp.role == "victim" and p), None)
    incidents = [
        IncidentView.model_validate(i).model_copy(
            update={"strands": [StrandView(strand=s.strand, monitored=s.monitored) for s in st]}
        )
        for i, st in repo.incidents_with_strands(session, case.id)
    ]
    return AgencyCaseView(
        **CaseSummary.model_validate(case).model_dump(),
        victim=PersonBrief.model_validate(victim) if victim else None,
        parties=[
            CaseParty(
                role=cp.role,
                person=PersonBrief.model_validate(p) if p else None,
                known=cp.known,
                is_group=cp.is_group,
                group_description=cp.group_description,
                relationship_to_victim=cp.relationship_to_victim,
                lives_nearby=cp.lives_nearby,
                is_child=cp.is_child,
            )
            for cp, p in party_rows
            if cp.role != "victim"
        ],
        incidents=incidents,
        narrative=referral.narrative if referral else "",
    )


def get_case(
    *, session: Session, caller: Caller, case_id: int
) -> tuple[Case, AgencyCaseView | CaseDetail]:
    principal = caller.principal
    case = visible_case(session, caller, case_id)
    assert case.id is not None
    referral = repo.latest_referral(session, case.id)
    party_rows = repo.parties(session, case.id)  # read once for both projections
    view = _agency_view(session, case, referral, party_rows)
    fields = AGENCY_FIELDS
    if not principal.is_agency:
        view = _panel_view(session, case, view, referral, party_rows)
        fields = PANEL_FIELDS
    about = About.case(case)
    record_on(session, principal, AuditAction.CONSULTATION, "case_management", about, fields=fields)
    return case, view


def _panel_view(
    session: Session,
    case: Case,
    base: AgencyCaseView,
    referral: Referral | None,
    party_rows: list[tuple[CasePerson, Person | None]],
) -> CaseDetail:
    assert case.id is not None
    victim = next((p for cp, p in party_rows if cp.role == "victim"), None)
    return CaseDetail(
        **base.model_dump(),
        victim_full=PersonFull.model_validate(victim) if victim else None,
        route_evidence=case.route_evidence,
        risk_score=case.risk_score,
        lead_agency_id=case.lead_agency_id,
        strands_confirmed=case.strands_confirmed,
        why_answer=referral.why_answer if referral else "",
        assessments=_assessment_views(session, case.id),
        history=[HistoryEntry.model_validate(h) for h in repo.history(session, case.id)],
    )


def _assessment_views(session: Session, case_id: int) -> list[AssessmentView]:
    """The panel's decisions and each agency's view, the views labelled as the agency's."""
    rows = repo.assessments(session, case_id)
    names = repo.agency_names(session, rows)
    return [
        AssessmentView.model_validate(a).model_copy(update={"view_of": view_of(a, names)})
        for a in rows
    ]


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
