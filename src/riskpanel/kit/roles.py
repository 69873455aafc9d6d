"""The roles of the access model; pure so workflow files can be validated against them."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    CHAIR = "chair"
    AGENCY = "agency"
    AGENCY_CLIENT = "agency_client"
    SCRUTINY = "scrutiny"
    AUDITOR = "auditor"
    SYSTEM = "system"  # riskpanel itself: timers fired by `riskpanel tick`


ALL_ROLES: frozenset[str] = frozenset(r.value for r in Role)
PEOPLE_ROLES: frozenset[str] = ALL_ROLES - {Role.AGENCY_CLIENT.value, Role.SYSTEM.value}
# The panel's own officers: they run the agenda, decide and may read every listed case.
PANEL_ROLES: frozenset[str] = frozenset({Role.COORDINATOR.value, Role.CHAIR.value})
