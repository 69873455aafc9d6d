"""Who must pass a second factor, and who may use the second-factor routes.

Every role of a person needs it outside development: the panel's officers, agencies and
scrutiny members read case data; administrators issue the API keys that read it and reset
other people's second factors; auditors read the access log, which names cases. Partner
systems (API keys) and personal tokens are unchanged: they are bearer secrets, not
sessions (a personal token can only be made from a session that passed the factor).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.config import Settings
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PEOPLE_ROLES
from riskpanel.models import User, WebSession

MFA_ROLES: frozenset[str] = PEOPLE_ROLES

# The pages a half-signed-in person may reach: enrolment, the code page, "confirm it's you".
SecondFactorUser = Annotated[
    Principal, Depends(allow(*sorted(PEOPLE_ROLES), before_second_factor=True))
]
SecondFactorStep = Annotated[
    Principal, Depends(authority("auth.second_factor", before_second_factor=True))
]
Reauthenticate = Annotated[Principal, Depends(authority("auth.reauthenticate"))]
TokenMaker = Annotated[Principal, Depends(authority("auth.personal_token"))]
FactorResetter = Annotated[Principal, Depends(authority("users.second_factor_reset"))]


def needs_second_factor(settings: Settings, user: User) -> bool:
    """True when this person must pass a second factor in each session."""
    return settings.mfa_enforced and user.role in MFA_ROLES


def second_factor_pending(settings: Settings, user: User, web_session: WebSession) -> bool:
    """A session still short of its second factor. An SSO session whose provider vouched
    for one (its ``amr``) carries ``mfa_verified_at`` already and passes here."""
    return needs_second_factor(settings, user) and web_session.mfa_verified_at is None
