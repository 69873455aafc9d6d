"""The coordinator's (and chair's) dashboard: what needs doing now.

Each panel comes from the owning service, which also logs the read: referrals to screen,
missed Victims' Code deadlines, upcoming meetings, overdue actions and cases reaching
12 months since their last hearing (the 12-month notice of the agenda).
"""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from riskpanel.actions import service as actions
from riskpanel.actions.schemas import ActionFilters
from riskpanel.cases import service as cases
from riskpanel.cases.schemas import CaseSummary
from riskpanel.config import Settings
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.meetings import service as meetings
from riskpanel.meetings.thresholds import MeetingRules
from riskpanel.models import Panel, utcnow
from riskpanel.referrals import service as referrals
from riskpanel.risk.timeframes import add_months
from riskpanel.victims import entitlement
from riskpanel.web.common import DbSession, PanelUser, access_days, settings_of, web_router
from riskpanel.web.templating import render

router = web_router()


def twelve_month_cases(
    session: Session, principal: Principal, settings: Settings, days: int
) -> list[CaseSummary]:
    panel = session.get(Panel, principal.panel_id)
    if panel is None:
        return []
    rules = MeetingRules.for_panel(panel, settings)
    limit = add_months(rules.local(utcnow()).date(), -rules.twelve_month_notice_months)
    page = cases.list_cases(
        session=session, principal=principal, access_days_after_closure=days, limit=200
    )
    return [
        c
        for c in page.items
        if c.last_hearing_at is not None
        and c.closed_at is None
        and rules.local(c.last_hearing_at).date() <= limit
    ]


@router.get("/dashboard")
def dashboard(request: Request, session: DbSession, principal: PanelUser) -> HTMLResponse:
    settings, days = settings_of(request), access_days(request)
    to_screen = referrals.list_referrals(
        session=session,
        principal=principal,
        status="received",
        limit=50,
        access_days_after_closure=days,
    )
    overdue_code = entitlement.overdue(session=session, principal=principal, settings=settings)
    now = utcnow()
    upcoming = [
        m
        for m in meetings.list_meetings(
            session=session, caller=Caller(principal=principal, settings=settings), limit=200
        ).items
        if m.starts_at >= now
    ][:5]
    late = actions.list_actions(
        session=session,
        caller=Caller(principal=principal, settings=settings),
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
