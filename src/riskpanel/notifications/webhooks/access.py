"""Who manages an agency's webhook endpoints: the agency's people and its systems' keys."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from riskpanel.api.access import allow, authority
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role

AGENCIES = allow(Role.AGENCY, Role.AGENCY_CLIENT)

EndpointOwner = Annotated[Principal, Depends(AGENCIES)]
WebhookRegistrar = Annotated[Principal, Depends(authority("webhooks.register"))]
WebhookRemover = Annotated[Principal, Depends(authority("webhooks.remove"))]
WebhookRotator = Annotated[Principal, Depends(authority("webhooks.rotate"))]
WebhookTester = Annotated[Principal, Depends(authority("webhooks.test"))]
