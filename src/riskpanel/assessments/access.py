"""Who may use the assessment endpoints: the panel (coordinator and chair) reads a case's
assessments; adding one is the write the authority table declares ("assessments.add"); the
checklist is read by the panel and by agencies, which assess too."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.api.caller import as_caller
from riskpanel.kit.caller import Caller
from riskpanel.kit.roles import Role

PanelReader = Annotated[Caller, Depends(as_caller(allow(Role.COORDINATOR, Role.CHAIR)))]
Assessor = Annotated[Caller, Depends(as_caller(authority("assessments.add")))]
ChecklistReader = Annotated[
    Caller,
    Depends(as_caller(allow(Role.COORDINATOR, Role.CHAIR, Role.AGENCY, Role.AGENCY_CLIENT))),
]
