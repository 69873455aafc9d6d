"""Who administers partner agencies: administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role

ADMIN = allow(Role.ADMIN)

Admin = Annotated[Principal, Depends(ADMIN)]
