"""Access rules as FastAPI dependencies.

Every route declares one (default deny); a test walks ``app.routes`` and fails for any
route without a rule. A caller with no right to a kind of resource gets 403; a caller who
cannot see a particular object gets 404 from the service, so ids do not leak.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from riskpanel.api.deps import get_session
from riskpanel.auth.principal import Principal
from riskpanel.auth.service import authenticate_bearer
from riskpanel.config import Settings
from riskpanel.errors import Forbidden, NotAuthenticated

ANONYMOUS = Principal(role="anonymous", label="anonymous")


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("Authorization must be 'Bearer <token>'.")
    return token.strip()


def current_principal(
    request: Request, session: Annotated[Session, Depends(get_session)]
) -> Principal | None:
    settings: Settings = request.app.state.settings
    token = _bearer(request)
    if token is not None:
        return authenticate_bearer(session=session, token=token, key=settings.secret_key)
    resolver = getattr(request.app.state, "cookie_principal", None)
    return resolver(request, session) if resolver else None


class AccessRule:
    """A dependency that admits the named roles (or anyone, when public)."""

    def __init__(self, roles: tuple[str, ...], *, public: bool = False) -> None:
        self.roles = frozenset(roles)
        self.public = public

    def __call__(
        self, principal: Annotated[Principal | None, Depends(current_principal)]
    ) -> Principal:
        if self.public:
            return principal or ANONYMOUS
        if principal is None:
            raise NotAuthenticated()
        if principal.role not in self.roles:
            raise Forbidden("Your role may not use this resource.")
        return principal

    def __repr__(self) -> str:
        return "public" if self.public else f"allow({', '.join(sorted(self.roles))})"


def allow(*roles: str) -> AccessRule:
    return AccessRule(tuple(roles))


def public() -> AccessRule:
    return AccessRule((), public=True)
