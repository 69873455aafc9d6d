"""Who reads the access log: auditors only (an admin cannot quietly read who did what)."""

from __future__ import annotations

from riskpanel.api.access import allow
from riskpanel.kit.roles import Role

AUDITOR = allow(Role.AUDITOR)
