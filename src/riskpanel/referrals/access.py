"""Who may reach the referral endpoints, named once for the referrals domain.

Referrers (the panel's officers and the agencies) list and read; each change has its own
rule in the authority table. Which referrals each may see is the service's relation check.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.api.caller import as_caller
from riskpanel.kit.caller import Caller
from riskpanel.kit.roles import Role

REFERRERS = allow(Role.COORDINATOR, Role.CHAIR, Role.AGENCY, Role.AGENCY_CLIENT)

Referrer = Annotated[Caller, Depends(as_caller(REFERRERS))]
ReferralCreator = Annotated[Caller, Depends(as_caller(authority("referrals.create")))]
FlagDecider = Annotated[Caller, Depends(as_caller(authority("referrals.flag_decision")))]
Screener = Annotated[Caller, Depends(as_caller(authority("referrals.screen")))]
ReconsiderationAsker = Annotated[Caller, Depends(as_caller(authority("referrals.reconsideration")))]
