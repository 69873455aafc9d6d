"""Who manages an agency's webhook endpoints: the agency's people and its systems' keys."""

from __future__ import annotations

from riskpanel.api.access import allow
from riskpanel.kit.roles import Role

AGENCIES = allow(Role.AGENCY, Role.AGENCY_CLIENT)
