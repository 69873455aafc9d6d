"""Who sets up panels and their memberships: administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role

ADMIN = allow(Role.ADMIN)

Admin = Annotated[Principal, Depends(ADMIN)]
MemberAdder = Annotated[Principal, Depends(authority("panels.add_member"))]
MemberChanger = Annotated[Principal, Depends(authority("panels.change_member"))]
