"""Who reads the access log: auditors only (an admin cannot quietly read who did what)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role

AUDITOR = allow(Role.AUDITOR)
Auditor = Annotated[Principal, Depends(AUDITOR)]
