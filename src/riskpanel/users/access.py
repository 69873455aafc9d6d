"""Who manages people: administrators (role rules of accounts: ``access.accounts``)."""

from __future__ import annotations

from riskpanel.api.access import allow
from riskpanel.kit.roles import Role

ADMIN = allow(Role.ADMIN)
