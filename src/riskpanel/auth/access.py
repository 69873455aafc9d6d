"""Who may use the session routes, and who manages agencies' API keys."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import ALL_ROLES, Role

ANYONE_SIGNED_IN = allow(*sorted(ALL_ROLES - {Role.SYSTEM.value}))
ADMIN = allow(Role.ADMIN)

Admin = Annotated[Principal, Depends(ADMIN)]
SignedIn = Annotated[Principal, Depends(ANYONE_SIGNED_IN)]
SignIn = Annotated[Principal, Depends(authority("auth.sign_in"))]
SignOut = Annotated[Principal, Depends(authority("auth.sign_out", before_second_factor=True))]
KeyIssuer = Annotated[Principal, Depends(authority("keys.issue"))]
KeyRotator = Annotated[Principal, Depends(authority("keys.rotate"))]
KeyRevoker = Annotated[Principal, Depends(authority("keys.revoke"))]
