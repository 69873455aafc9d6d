"""Who manages people: administrators (role rules of accounts: ``access.accounts``).

Approving an account that reads case data is a second person's act: an admin other than
the creator, or a chair (``users.approve``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role

ADMIN = allow(Role.ADMIN)

Admin = Annotated[Principal, Depends(ADMIN)]
Approvers = allow(Role.ADMIN, Role.CHAIR)
Approver = Annotated[Principal, Depends(authority("users.approve"))]
ApprovalReader = Annotated[Principal, Depends(Approvers)]
UserCreator = Annotated[Principal, Depends(authority("users.create"))]
UserEditor = Annotated[Principal, Depends(authority("users.update"))]
Inviter = Annotated[Principal, Depends(authority("users.invite"))]
InvitationTaker = Annotated[Principal, Depends(authority("users.accept_invitation"))]
