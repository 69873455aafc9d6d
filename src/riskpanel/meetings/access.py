"""Who may reach the meeting endpoints, named once for the meetings domain and its parts.

The panel's officers run meetings; invited agencies (staff and systems) may read what is
sent to them. Which meetings each may see is the service's relation check
(:func:`riskpanel.meetings.service.visible_meeting`), not these rules.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.api.caller import as_caller
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PANEL_ROLES, Role
from riskpanel.models import User

# Those a meeting's documents go to: the panel's officers and the invited agencies.
READER_ROLES: frozenset[str] = PANEL_ROLES | {Role.AGENCY.value, Role.AGENCY_CLIENT.value}


def is_panel_officer(principal: Principal) -> bool:
    """Coordinator or chair: reaches every meeting of their own panel."""
    return principal.role in PANEL_ROLES


def chairs_panel(user: User | None, panel_id: int) -> bool:
    """An active chair of this panel: the only one who may be named to chair its meeting."""
    return (
        user is not None and user.role == Role.CHAIR and user.panel_id == panel_id and user.active
    )


PanelCaller = Annotated[Caller, Depends(as_caller(allow(*PANEL_ROLES)))]
ReaderCaller = Annotated[Caller, Depends(as_caller(allow(*READER_ROLES)))]

# Who may change what: each rule is in the authority table (riskpanel.api.access).
Planner = Annotated[Caller, Depends(as_caller(authority("meetings.plan")))]
AgendaWriter = Annotated[Caller, Depends(as_caller(authority("meetings.agenda")))]
AttendanceWriter = Annotated[Caller, Depends(as_caller(authority("meetings.attendance")))]
MinutesWriter = Annotated[Caller, Depends(as_caller(authority("minutes.record")))]
MinutesApprover = Annotated[Caller, Depends(as_caller(authority("minutes.approve")))]
MinutesCorrector = Annotated[Caller, Depends(as_caller(authority("minutes.correct")))]

# The same rules for the web pages, which work with the signed-in principal.
PlannerUser = Annotated[Principal, Depends(authority("meetings.plan"))]
AgendaUser = Annotated[Principal, Depends(authority("meetings.agenda"))]
AttendanceUser = Annotated[Principal, Depends(authority("meetings.attendance"))]
MinutesUser = Annotated[Principal, Depends(authority("minutes.record"))]
ApproverUser = Annotated[Principal, Depends(authority("minutes.approve"))]
CorrectorUser = Annotated[Principal, Depends(authority("minutes.correct"))]
LateRequesterUser = Annotated[Principal, Depends(authority("meetings.late_listing.request"))]
LateAgreerUser = Annotated[Principal, Depends(authority("meetings.late_listing.agree"))]
