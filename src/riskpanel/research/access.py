"""Who may reach the research endpoints, named once for the research domain.

Which cases each may research or read is the service's relation check, not these rules.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.api.caller import as_caller
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role

Reader = Annotated[
    Caller,
    Depends(as_caller(allow(Role.COORDINATOR, Role.CHAIR, Role.AGENCY, Role.AGENCY_CLIENT))),
]
AgencyReader = Annotated[Principal, Depends(allow(Role.AGENCY, Role.AGENCY_CLIENT))]
# Changes: each rule is in the authority table (riskpanel.api.access).
Returner = Annotated[Caller, Depends(as_caller(authority("research.return")))]
Requester = Annotated[Caller, Depends(as_caller(authority("research.request")))]
ReturnerUser = Annotated[Principal, Depends(authority("research.return"))]  # the web page
