"""Who sees the retention schedule and runs it: the coordinator and the auditor.

Erasure is the partnership's, not one panel's: a run erases every record past its period.
The coordinator runs it as the records' keeper, the auditor as information governance's
check; both need a fresh sign-in to run it (the pages add ``FreshAuthentication``).
A legal hold is the coordinator's, on a case of their own panel (the authority table).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.api.caller import as_caller
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role

RetentionReader = Annotated[Principal, Depends(allow(Role.COORDINATOR, Role.AUDITOR))]
RetentionRunner = Annotated[Principal, Depends(authority("retention.run"))]
HoldKeeper = Annotated[Caller, Depends(as_caller(authority("retention.hold")))]
