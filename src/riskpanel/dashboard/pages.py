"""The coordinator's (and chair's) dashboard: what needs doing now.

Each panel comes from the owning service, which also logs the read: referrals to screen,
missed Victims' Code deadlines, upcoming meetings, overdue actions and cases reaching
12 months since their last hearing (the 12-month notice of the agenda).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from riskpanel.access.service import case_filter
from riskpanel.actions import service as actions
from riskpanel.actions.schemas import ActionFilters
from riskpanel.cases.schemas import CaseSummary
from riskpanel.cases.service import record_case_list
from riskpanel.config import Settings
from riskpanel.dashboard import repository
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.meetings import service as meetings
from riskpanel.meetings.thresholds import MeetingRules
from riskpanel.models import Panel, utcnow
from riskpanel.referrals import service as referrals
from riskpanel.risk.timeframes import add_months
from riskpanel.victims.entitlement import service as entitlement
from riskpanel.web.common import DbSession, PanelUser, access_days, settings_of, web_router
from riskpanel.web.templating import render

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


@router.get("/dashboard")
def dashboard(request: Request, session: DbSession, principal: PanelUser) -> HTMLResponse:
    settings, days = settings_of(request), access_days(request)
    caller = Caller(principal, settings)
    to_screen = referrals.list_referrals(
        session=session, caller=caller, status="received", limit=50
    )
    overdue_code = entitlement.overdue(session=session, caller=caller)
    now = utcnow()
    upcoming = [
        m
        for m in meetings.list_meetings(session=session, caller=caller, limit=200).items
        if m.starts_at >= now
    ][:5]
    late = actions.list_actions(
        session=session,
        caller=caller,
        filters=ActionFilters(status="open", overdue=True),
        limit=50,
    )
    notice = twelve_month_cases(session, principal, settings, days)
    session.commit()
    return render(
        request,
        principal,
        "dashboard.html",
        title="Dashboard",
        to_screen=to_screen.items,
        overdue_code=overdue_code.items,
        upcoming=upcoming,
        late_actions=late.items,
        twelve_months=notice,
        today=date.today(),
    )
