"""The coordinator's (and chair's) dashboard, and an agency's home: what needs doing now.

Each panel comes from the owning service, which also logs the read: referrals to screen,
missed Victims' Code deadlines, upcoming meetings, overdue actions and cases reaching
12 months since their last hearing (the 12-month notice of the agenda).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from riskpanel.access.service import case_filter
from riskpanel.actions import service as actions
from riskpanel.cases import service as cases
from riskpanel.cases.schemas import CaseSummary
from riskpanel.cases.service import record_case_list
from riskpanel.config import Settings
from riskpanel.dashboard import repository
from riskpanel.kit.caller import Caller
from riskpanel.kit.paging import ListQuery, PageRequest
from riskpanel.kit.principal import Principal
from riskpanel.meetings import service as meetings
from riskpanel.meetings.thresholds import MeetingRules
from riskpanel.models import Meeting, Panel, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.referrals import service as referrals
from riskpanel.research import service as research
from riskpanel.risk.timeframes import add_months, local_date
from riskpanel.victims.entitlement import service as entitlement
from riskpanel.web.common import (
    AgencyUser,
    DbSession,
    PanelUser,
    access_days,
    settings_of,
    web_router,
)
from riskpanel.web.templating import render
from riskpanel.workflow.registry import get_workflows

router = web_router()


def twelve_month_cases(
    session: Session, principal: Principal, settings: Settings, days: int
) -> list[CaseSummary]:
    """Open cases last heard on or before the local day twelve months (the panel's notice
    period) ago, found by the query rather than by reading a page of cases."""
    panel = session.get(Panel, principal.panel_id)
    if panel is None:
        return []
    rules = MeetingRules.for_panel(panel, settings)
    limit = add_months(rules.local(utcnow()).date(), -rules.twelve_month_notice_months)
    heard_before = datetime.combine(limit + timedelta(days=1), time(0, 0), tzinfo=rules.zone)
    where = case_filter(principal, access_days_after_closure=days)
    rows = repository.heard_before(session, where, heard_before.astimezone(UTC), limit=200)
    record_case_list(session=session, principal=principal, case_ids=[c.id for c in rows])
    return [CaseSummary.model_validate(c) for c in rows]


DASHBOARD_ROWS = 10  # each panel shows its first rows; its count links to the whole list
UPCOMING = 5


def upcoming_meetings(session: Session, principal: Principal) -> list[Meeting]:
    """The panel's next meetings, logged as the meeting list logs the meetings it shows."""
    rows = repository.upcoming_meetings(session, principal.panel_id or 0, utcnow(), limit=UPCOMING)
    meetings.audit(
        session,
        principal,
        AuditAction.CONSULTATION,
        "meeting_list",
        None,
        fields=["starts_at", "venue", "status"],
        detail={"meeting_ids": [m.id for m in rows]},
    )
    return rows


@router.get("/dashboard")
def dashboard(request: Request, session: DbSession, principal: PanelUser) -> HTMLResponse:
    settings, days = settings_of(request), access_days(request)
    caller = Caller(principal, settings)
    first = PageRequest(1, DASHBOARD_ROWS)
    to_screen = referrals.referral_list_page(
        session=session, caller=caller, query=ListQuery(state="received"), page=first
    )
    overdue_code = entitlement.overdue(session=session, caller=caller, open_only=True).items
    upcoming = upcoming_meetings(session, principal)
    late = actions.action_list_page(
        session=session, caller=caller, query=ListQuery(state="open", overdue=True), page=first
    )
    notice = twelve_month_cases(session, principal, settings, days)
    session.commit()
    return render(
        request,
        principal,
        "dashboard.html",
        title="Dashboard",
        to_screen=to_screen,
        overdue_code=overdue_code,
        shown_rows=DASHBOARD_ROWS,
        upcoming=upcoming,
        late_actions=late,
        twelve_months=notice,
    )


@router.get("/agency")
def agency_home(request: Request, session: DbSession, principal: AgencyUser) -> HTMLResponse:
    """An agency's landing page: the research due from it (which case, by when), its open
    actions, and the cases it is involved in; each panel links to its whole list."""
    settings = settings_of(request)
    caller = Caller(principal, settings)
    first = PageRequest(1, DASHBOARD_ROWS)
    due = research.research_due(session=session, principal=principal)
    open_actions = actions.action_list_page(
        session=session, caller=caller, query=ListQuery(state="open"), page=first
    )
    involved = cases.case_list_page(session=session, caller=caller, query=ListQuery(), page=first)
    session.commit()
    return render(
        request,
        principal,
        "agency_home.html",
        title="Your agency's work",
        research_due=due,
        open_actions=open_actions,
        cases=involved,
        labels={name: s.label for name, s in get_workflows(settings).latest()[0].states.items()},
        today=local_date(utcnow()),
        now_utc=utcnow(),
    )
