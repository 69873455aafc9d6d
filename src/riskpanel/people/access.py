"""Who may use the people endpoints: the panel's coordinator and chair read matches and case
intelligence; deciding a match is the write the authority table declares ("people.match")."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.api.caller import as_caller
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role

PANEL = allow(Role.COORDINATOR, Role.CHAIR)
PanelPrincipal = Annotated[Principal, Depends(PANEL)]
PanelCaller = Annotated[Caller, Depends(as_caller(PANEL))]
MatchDecider = Annotated[Principal, Depends(authority("people.match"))]
