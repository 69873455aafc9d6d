"""Who may use the session routes, and who manages agencies' API keys."""

from __future__ import annotations

from riskpanel.api.access import allow
from riskpanel.kit.roles import ALL_ROLES, Role

ANYONE_SIGNED_IN = allow(*sorted(ALL_ROLES - {Role.SYSTEM.value}))
ADMIN = allow(Role.ADMIN)
