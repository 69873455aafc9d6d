"""Who manages people: administrators (role rules of accounts: ``access.accounts``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role

ADMIN = allow(Role.ADMIN)

Admin = Annotated[Principal, Depends(ADMIN)]
UserCreator = Annotated[Principal, Depends(authority("users.create"))]
UserEditor = Annotated[Principal, Depends(authority("users.update"))]
