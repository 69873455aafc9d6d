"""What every page module shares: the router class, the session, the access rules."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from riskpanel.api.access import allow
from riskpanel.api.deps import DbSession as DbSession  # the page modules take it from here
from riskpanel.config import Settings
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PEOPLE_ROLES, Role
from riskpanel.web.forms import form_data
from riskpanel.web.routing import WebRoute

Form = Annotated[FormData, Depends(form_data)]

PANEL = allow(Role.COORDINATOR, Role.CHAIR)
COORDINATOR = allow(Role.COORDINATOR)
CHAIR = allow(Role.CHAIR)
CASE_READERS = allow(Role.COORDINATOR, Role.CHAIR, Role.AGENCY)
AGENCY = allow(Role.AGENCY)
PEOPLE = allow(*sorted(PEOPLE_ROLES))

PanelUser = Annotated[Principal, Depends(PANEL)]
Coordinator = Annotated[Principal, Depends(COORDINATOR)]
Chair = Annotated[Principal, Depends(CHAIR)]
AgencyUser = Annotated[Principal, Depends(AGENCY)]
CaseReader = Annotated[Principal, Depends(CASE_READERS)]
Person = Annotated[Principal, Depends(PEOPLE)]

NOTICES = {
    "signed-out": "You have signed out.",
    "referral": "Referral received.",
    "flags": "Strand flags recorded.",
    "screened": "Screening decision recorded.",
    "transition": "The case has moved on.",
    "meeting": "Meeting planned.",
    "agenda": "Agenda saved.",
    "attendance": "Attendance saved.",
    "minutes": "Minutes for the case saved.",
    "approved": "Minutes approved.",
    "reopened": "Action reopened: the agency has been told why, and its reminders start again.",
    "late-asked": "Late listing asked for: the chair is asked to agree.",
    "late-agreed": "Late listing agreed: the coordinator can now add the case to the agenda.",
    "correction": "Correction opened: a new draft version of the minutes, for the chair to "
    "approve.",
    "update": "Progress update recorded.",
    "research": "Research return sent.",
    "feedback": "Feedback sent.",
    "user": "User saved.",
    "account-approved": "Account approved: the person can now sign in.",
    "invitation-withdrawn": "Invitation withdrawn: the link no longer works.",
    "key": "API key revoked.",
    "victim-update": "Update to the victim recorded.",
    "support-referral": "Support referral recorded.",
    "assessed": "Risk re-assessed: the case's level and routes into the panel are updated.",
    "assessed-view": "Your agency's assessment is recorded as its view for the panel. The "
    "case's risk level is the panel's decision.",
    "victims-code": "Victims' Code record saved.",
    "reconsideration": "Request sent: the chair will decide whether to reconsider.",
    "match-confirmed": "Match confirmed: the two records are now one person.",
    "match-rejected": "Match rejected: these are two different people.",
    "pack": "Pack drawn. Review each summary, then release the pack.",
    "redacted": "Text removed from the summary.",
    "reviewed": "Summary marked as reviewed. This is the next one to review.",
    "all-reviewed": "Summary marked as reviewed. Every summary is now reviewed or withheld.",
    "unreviewed": "Summary marked as not reviewed.",
    "withheld": "Summary withheld: it will not be released.",
    "restored": "Summary put back for review.",
    "released": "Pack released. The release is recorded in the access log.",
    "discarded": "Draft pack discarded.",
    "answered": "Answer sent to the scrutiny member.",
    "too-many-codes": "Too many wrong codes: you have been signed out. Sign in again.",
    "second-factor-reset": "Second factor reset. The person sets up a new one when they next "
    "sign in, and has been sent an email.",
}


def web_router() -> APIRouter:
    return APIRouter(route_class=WebRoute, include_in_schema=False)


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def caller_of(request: Request, principal: Principal) -> Caller:
    """The caller context for a page, as ``api.caller.as_caller`` builds it for the API."""
    return Caller(principal=principal, settings=settings_of(request))


def access_days(request: Request) -> int:
    return int(settings_of(request).agency_access_days_after_closure)


def see_other(path: str, notice: str | None = None, anchor: str = "") -> RedirectResponse:
    """POST-redirect-GET, with a short success notice named in the query string."""
    query = "?" + urlencode({"notice": notice}) if notice else ""
    return RedirectResponse(path + query + anchor, status_code=303)


def notice_of(request: Request) -> str | None:
    return NOTICES.get(request.query_params.get("notice", ""))
