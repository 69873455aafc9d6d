"""Who sets up panels and their memberships: administrators."""

from __future__ import annotations

from riskpanel.api.access import allow
from riskpanel.kit.roles import Role

ADMIN = allow(Role.ADMIN)
