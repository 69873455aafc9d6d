"""Who may reach the case and workflow endpoints, named once for the cases domain.

Case readers (the panel's officers and the agencies) list and read; which cases each sees
is the service's relation check. Only the panel's officers see the transitions; firing one
is the authority table's rule. Any signed-in person may read the workflows.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.api.caller import as_caller
from riskpanel.kit.caller import Caller
from riskpanel.kit.roles import ALL_ROLES, Role

ANY_SIGNED_IN = allow(*(ALL_ROLES - {Role.SYSTEM.value}))
CASE_READERS = allow(Role.COORDINATOR, Role.CHAIR, Role.AGENCY, Role.AGENCY_CLIENT)

SignedIn = Annotated[Caller, Depends(as_caller(ANY_SIGNED_IN))]
CaseReader = Annotated[Caller, Depends(as_caller(CASE_READERS))]
CaseOfficer = Annotated[Caller, Depends(as_caller(allow(Role.COORDINATOR, Role.CHAIR)))]
CaseWriter = Annotated[Caller, Depends(as_caller(authority("cases.transition")))]
