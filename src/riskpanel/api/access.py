"""Access rules as FastAPI dependencies: the HTTP face of ``riskpanel.access``.

Every route declares one (default deny); a test walks ``app.routes`` and fails for any
route without a rule. A caller with no right to a kind of resource gets 403; a caller who
cannot see a particular object gets 404 from the service, so ids do not leak.

A caller who came in with the web session cookie must also send the session's CSRF token
on unsafe methods (header ``X-CSRF-Token`` or form field ``csrf_token``): otherwise a
protected route answers 403 and a public one treats the caller as anonymous, so a forged
cross-site request never acts with the cookie's authority. Bearer requests need no token.

A cookie session that has passed the password but not yet the second factor (the resolver
sets ``request.state.second_factor_pending``) reaches only the rules made with
``before_second_factor=True`` (enrolment, the code page, sign-out): any other protected
route answers 401 ``second-factor-required`` (pages redirect to the code page) and a public
one treats the caller as anonymous. ``FreshAuthentication`` guards sensitive actions.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from riskpanel.access.authority import entry
from riskpanel.access.credentials import authenticate_bearer, keep_loaded, kept_agency
from riskpanel.access.csrf import (
    CSRF_FORM_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    UNSAFE_METHODS,
    csrf_matches,
    require_csrf,
)
from riskpanel.api.deps import get_session
from riskpanel.config import Settings
from riskpanel.kit.errors import (
    Forbidden,
    FreshAuthenticationRequired,
    NotAuthenticated,
    SecondFactorRequired,
)
from riskpanel.kit.principal import ANONYMOUS, Principal
from riskpanel.models import utcnow

__all__ = [
    "ANONYMOUS",
    "AccessRule",
    "AuthorityRule",
    "FreshAuthentication",
    "allow",
    "authority",
    "current_principal",
    "fresh_authentication",
    "public",
]
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


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
        return _bearer_principal(request, session, token, settings.secret_key)
    resolver = getattr(request.app.state, "cookie_principal", None)
    return resolver(request, session) if resolver else None


def _bearer_principal(request: Request, session: Session, token: str, key: str) -> Principal:
    """On SQLite the key is checked in a short read of its own, before the request's
    transaction begins: a write request holds the database's one write lock from its first
    statement, and checking the key inside it would make every other writer wait for that
    too. The occasional last-used stamp commits on its own: the key was used either way."""
    auth_engine = getattr(request.app.state, "auth_engine", None)
    if auth_engine is None or session.in_transaction():
        # PostgreSQL; or the request's transaction has begun (and may hold the lock that the
        # last-used stamp would wait for): check inside it
        return authenticate_bearer(session=session, token=token, key=key)
    with Session(auth_engine, expire_on_commit=False) as auth_session:
        principal = authenticate_bearer(session=auth_session, token=token, key=key)
        if auth_session.dirty:
            auth_session.commit()
        _carry_agency(auth_session, session, principal)
    return principal


def _carry_agency(auth_session: Session, session: Session, principal: Principal) -> None:
    """The caller's agency, read with the key, goes into the request's session as well:
    the services check its sharing agreement on every agency request (`agency_may_receive`)
    and, as on PostgreSQL (where the key is checked in the request's session), find it
    loaded instead of reading it a second time."""
    if principal.agency_id is None or not principal.is_agency:
        return
    agency = kept_agency(auth_session, principal.agency_id)
    if agency is not None:
        keep_loaded(session, session.merge(agency, load=False))


async def submitted_csrf(request: Request) -> str | None:
    """The CSRF token a cookie request sent: header first, else the form field.

    Async because reading a form body is; Starlette caches the parsed form, so a route
    that also takes form fields reads the same body.
    """
    header = request.headers.get(CSRF_HEADER)
    if header or request.method not in UNSAFE_METHODS or SESSION_COOKIE not in request.cookies:
        return header
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(FORM_TYPES):
        return None
    try:
        value = (await request.form()).get(CSRF_FORM_FIELD)
    except Exception:  # an unreadable form simply carries no token
        return None
    return value if isinstance(value, str) else None


class AccessRule:
    """A dependency that admits the named roles (or anyone, when public)."""

    def __init__(
        self, roles: tuple[str, ...], *, public: bool = False, before_second_factor: bool = False
    ) -> None:
        self.roles = frozenset(roles)
        self.public = public
        self.before_second_factor = before_second_factor

    async def __call__(
        self,
        request: Request,
        principal: Annotated[Principal | None, Depends(current_principal)],
        csrf: Annotated[str | None, Depends(submitted_csrf)],
    ) -> Principal:
        # Async though it awaits nothing: it does no I/O, and a sync dependency would cost
        # every request a round trip through the threadpool.
        if principal is not None and principal.via_cookie and request.method in UNSAFE_METHODS:
            expected = getattr(request.state, "csrf_token", None)
            if self.public and not csrf_matches(expected, csrf):
                principal = None
            else:
                require_csrf(expected=expected, submitted=csrf)
        pending = getattr(request.state, "second_factor_pending", False)
        if principal is not None and pending and not self.before_second_factor:
            if not self.public:
                raise SecondFactorRequired()
            principal = None
        if self.public:
            return principal or ANONYMOUS
        if principal is None:
            raise NotAuthenticated()
        if principal.role not in self.roles:
            raise Forbidden("Your role may not use this resource.")
        request.state.access_granted = True
        if getattr(request.state, "fresh_authentication_wanted", False):
            _require_fresh(request, principal)
        return principal

    def __repr__(self) -> str:
        return "public" if self.public else f"allow({', '.join(sorted(self.roles))})"


def allow(*roles: str, before_second_factor: bool = False) -> AccessRule:
    return AccessRule(tuple(roles), before_second_factor=before_second_factor)


def public() -> AccessRule:
    return AccessRule((), public=True)


class AuthorityRule(AccessRule):
    """A write route's rule, read from the declared authority table.

    The route admits the roles the entry grants (same CSRF, 401 and 403 behaviour as any
    rule); the relationship each role needs is checked by the service once it holds the
    object, against the same entry.
    """

    def __init__(self, operation: str, *, before_second_factor: bool = False) -> None:
        declared = entry(operation)
        super().__init__(
            tuple(sorted(declared.roles)),
            public=declared.public,
            before_second_factor=before_second_factor,
        )
        self.operation = operation

    def __repr__(self) -> str:
        return f"authority({self.operation!r})"


def authority(operation: str, *, before_second_factor: bool = False) -> AuthorityRule:
    return AuthorityRule(operation, before_second_factor=before_second_factor)


async def fresh_authentication(
    request: Request, principal: Annotated[Principal | None, Depends(current_principal)]
) -> None:
    """Sensitive actions from a web session need a password (and code) entered lately.

    The route keeps its own access rule, and the rule is judged first: a role the route
    refuses gets its 403, not an invitation to confirm. FastAPI solves a route's
    ``dependencies`` before its parameters, so this usually only asks the rule to check;
    should the rule have run already, it checks here. Bearer credentials are unchanged: an
    API key or personal token carries no sign-in to be fresh. Browsers are sent to the
    "confirm it's you" page, which returns them where they were. Async for the reason
    `AccessRule.__call__` is.
    """
    request.state.fresh_authentication_wanted = True
    if principal is not None and getattr(request.state, "access_granted", False):
        _require_fresh(request, principal)


def _require_fresh(request: Request, principal: Principal) -> None:
    if not principal.via_cookie:
        return
    settings: Settings = request.app.state.settings
    at: datetime | None = getattr(request.state, "authenticated_at", None)
    window = timedelta(seconds=settings.fresh_authentication_seconds)
    if at is None or utcnow() - at > window:
        raise FreshAuthenticationRequired()


#: Add to a route's ``dependencies=[...]`` to ask for a fresh sign-in before it acts.
FreshAuthentication = Depends(fresh_authentication)
