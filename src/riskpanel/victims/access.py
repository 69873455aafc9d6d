"""Who may reach the Victims' Code endpoints, named once for the victims domain.

Recorders (the panel's officers and the agencies) read the entitlement; each change has its
own rule in the authority table; only the panel reads its overdue deadlines.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.api.caller import as_caller
from riskpanel.kit.caller import Caller
from riskpanel.kit.roles import Role

RECORDERS = allow(Role.COORDINATOR, Role.CHAIR, Role.AGENCY, Role.AGENCY_CLIENT)
PANEL = allow(Role.COORDINATOR, Role.CHAIR)

Recorder = Annotated[Caller, Depends(as_caller(RECORDERS))]
PanelCaller = Annotated[Caller, Depends(as_caller(PANEL))]
SupportReferrer = Annotated[Caller, Depends(as_caller(authority("victims.support_referral")))]
UpdateRecorder = Annotated[Caller, Depends(as_caller(authority("victims.update")))]
EntitlementWriter = Annotated[Caller, Depends(as_caller(authority("victims.entitlement")))]
ContactWriter = Annotated[Caller, Depends(as_caller(authority("victims.contact")))]
