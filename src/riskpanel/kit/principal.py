"""Who is calling: the one object every service receives to decide and to audit."""

from __future__ import annotations

from dataclasses import dataclass

from riskpanel.kit.roles import Role


@dataclass(frozen=True)
class Principal:
    role: str
    label: str
    user_id: int | None = None
    credential_id: int | None = None
    agency_id: int | None = None
    panel_id: int | None = None
    # Set when the caller came in with a web session cookie: unsafe methods then need CSRF.
    web_session_id: int | None = None

    @property
    def client_key(self) -> str:
        """Scope for idempotency keys: one partner system's keys never collide with another's."""
        if self.credential_id is not None:
            return f"credential:{self.credential_id}"
        return f"user:{self.user_id}"

    @property
    def via_cookie(self) -> bool:
        return self.web_session_id is not None

    @property
    def is_agency(self) -> bool:
        return self.role in (Role.AGENCY, Role.AGENCY_CLIENT)


SYSTEM = Principal(role=Role.SYSTEM, label="riskpanel (timer)")
ANONYMOUS = Principal(role="anonymous", label="anonymous")
