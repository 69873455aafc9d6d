"""Who prepares subject access responses: the coordinator, for the people their panel holds,
and the auditor (information governance's check), for anyone riskpanel holds. The service
narrows each search and each person to that scope (``service.subject``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role

SubjectAccessReader = Annotated[Principal, Depends(allow(Role.COORDINATOR, Role.AUDITOR))]
SubjectAccessPreparer = Annotated[Principal, Depends(authority("subject_access.prepare"))]
