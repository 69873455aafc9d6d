"""Who may do what to an action, named once for the actions domain.

The routes admit roles (``READER_ROLES``, the authority table for changes); the service then
asks these predicates, because which action a caller reaches depends on the caller's kind:
the panel reaches its panel's actions, an agency its own, riskpanel itself (timers) any.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.api.caller import as_caller
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PANEL_ROLES, Role

# The action tracker is read by the panel's officers and the owning agencies.
READER_ROLES: frozenset[str] = PANEL_ROLES | {Role.AGENCY.value, Role.AGENCY_CLIENT.value}

ReaderCaller = Annotated[Caller, Depends(as_caller(allow(*READER_ROLES)))]
# Changes: each rule is in the authority table (riskpanel.api.access).
Updater = Annotated[Caller, Depends(as_caller(authority("actions.update")))]
Reopener = Annotated[Caller, Depends(as_caller(authority("actions.reopen")))]
UpdaterUser = Annotated[Principal, Depends(authority("actions.update"))]  # the web pages
ReopenerUser = Annotated[Principal, Depends(authority("actions.reopen"))]


def is_system(principal: Principal) -> bool:
    """riskpanel itself (a timer fired by `riskpanel tick`), which reaches every action."""
    return principal.role == Role.SYSTEM


def is_panel(principal: Principal) -> bool:
    """Coordinator or chair: agrees, reviews and reads the panel's actions."""
    return principal.role in PANEL_ROLES


def reopens_actions(principal: Principal) -> bool:
    """Only the coordinator sends a finished action back to its agency."""
    return principal.role == Role.COORDINATOR
