"""The access matrix registry: every API route, the roles it admits, and its objects.

Adding a route to the API? Add one entry here, keyed by the method and the path template
exactly as the OpenAPI document shows it (``/api/v1/...`` with ``{name}`` parameters):

    ("GET", "/api/v1/things/{thing_id}"): Route(
        allowed=PANEL | AGENCY,          # roles that may use the route at all
        build=thing_path,                # only if the path or body needs objects
        scoped=True,                     # an object out of the actor's reach answers 404
        ok=frozenset({200}),             # the success status(es) of an allowed call
    ),

A builder takes ``(ctx, role, related)`` and returns a ``Call`` with the path parameters
(and a body, headers or query when the route needs them). ``related`` asks for an object
within the acting role's reach (``ctx.case(True)``: the test panel's police-referred case)
or outside it (``ctx.case(False)``: another panel's case referred by an outside agency).
Builders for routes that change things should create a fresh object per call
(``ctx.fresh_case(related)``, ``ctx.fresh_user()``, ``ctx.fresh_key(agency_id)``).

The expectation for each probe follows from the entry (see ``matrix.expected_statuses``):
allowed role -> ``ok`` (or 404 for an unrelated object when ``scoped``); anonymous -> 401;
any other role -> 403. Every denial must leave the database unchanged and leak nothing.
"""

from __future__ import annotations

from riskpanel.users.service import user_etag
from tests.security.matrix import Call, Ctx, Route

EVERYONE = frozenset(
    {"admin", "coordinator", "chair", "agency", "agency_client", "scrutiny", "auditor", "anonymous"}
)
SIGNED_IN = EVERYONE - {"anonymous"}
PEOPLE = SIGNED_IN - {"agency_client"}
PANEL = frozenset({"coordinator", "chair"})
AGENCY = frozenset({"agency", "agency_client"})
ADMIN = frozenset({"admin"})
AUDITOR = frozenset({"auditor"})


# --- builders -------------------------------------------------------------------------


def case_path(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"case_id": ctx.case(related).id})


def sign_in_body(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(
        json={"email": "coordinator@example.org", "password": "correct horse battery staple"}
    )


def new_user_body(ctx: Ctx, role: str, related: bool) -> Call:
    from tests.security.builders import unique

    email = f"{unique('new').lower()}@example.org"
    return Call(json={"email": email, "display_name": "New Person", "role": "scrutiny"})


def user_path(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"user_id": ctx.world.users["scrutiny"].id})


def user_patch(ctx: Ctx, role: str, related: bool) -> Call:
    user = ctx.fresh_user()
    return Call(
        path={"user_id": user.id},
        json={"display_name": "Renamed Person"},
        headers={"If-Match": user_etag(user)},
    )


def awaiting_user(ctx: Ctx, role: str, related: bool) -> Call:
    """An account someone else created (the command line), waiting for a second person."""
    user = ctx.fresh_user()
    user.active, user.awaiting_approval = False, True
    ctx.session.add(user)
    ctx.session.commit()
    return Call(path={"user_id": user.id})


def invitee(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"user_id": ctx.fresh_user().id})


def invited(ctx: Ctx, role: str, related: bool) -> Call:
    from riskpanel.kit.principal import SYSTEM
    from riskpanel.users.invitations.service import issue

    user = ctx.fresh_user()
    issue(session=ctx.session, principal=SYSTEM, user=user, key=ctx.settings.secret_key, hours=1)
    ctx.session.commit()
    return Call(path={"user_id": user.id})


def agency_path(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"agency_id": ctx.agency_id(related)})


def new_key(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"agency_id": ctx.agency_id(True)}, json={"name": "probe system"})


def key_path(ctx: Ctx, role: str, related: bool) -> Call:
    """A fresh key of the agency in the path; unrelated: another agency's key."""
    key = ctx.fresh_key(ctx.agency_id(related))
    return Call(path={"agency_id": ctx.agency_id(True), "key_id": key.id}, json={})


def code_body(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(json={"code": "123456"})


def confirm_body(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(json={"password": "correct horse battery staple", "code": "123456"})


def token_body(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(json={"name": "probe token"})


def fresh_user_path(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"user_id": ctx.fresh_user().id})


#: Routes that act on the caller's own web session: a bearer token (the matrix's actors)
#: has none, so even the roles the rule admits are refused with 403 (tests/auth/mfa covers
#: the session side).
SESSION_ONLY = frozenset({403})

# --- the registry ---------------------------------------------------------------------

ROUTES: dict[tuple[str, str], Route] = {
    ("GET", "/api/v1/health"): Route(allowed=EVERYONE),
    # sign-in (security)
    ("POST", "/api/v1/auth/session"): Route(
        allowed=EVERYONE, build=sign_in_body, ok=frozenset({201})
    ),
    ("DELETE", "/api/v1/auth/session"): Route(allowed=PEOPLE, ok=frozenset({204})),
    ("GET", "/api/v1/auth/me"): Route(allowed=SIGNED_IN),
    ("POST", "/api/v1/auth/session/second-factor"): Route(
        allowed=PEOPLE, build=code_body, ok=SESSION_ONLY
    ),
    ("POST", "/api/v1/auth/session/confirm"): Route(
        allowed=PEOPLE, build=confirm_body, ok=SESSION_ONLY
    ),
    ("POST", "/api/v1/auth/tokens"): Route(allowed=PEOPLE, build=token_body, ok=SESSION_ONLY),
    ("POST", "/api/v1/users/{user_id}/second-factor/reset"): Route(
        allowed=ADMIN, build=fresh_user_path
    ),
    # user administration (security)
    ("GET", "/api/v1/users"): Route(allowed=ADMIN),
    ("POST", "/api/v1/users"): Route(allowed=ADMIN, build=new_user_body, ok=frozenset({201})),
    ("GET", "/api/v1/users/{user_id}"): Route(allowed=ADMIN, build=user_path),
    ("PATCH", "/api/v1/users/{user_id}"): Route(allowed=ADMIN, build=user_patch),
    ("POST", "/api/v1/users/{user_id}/approval"): Route(
        allowed=ADMIN | frozenset({"chair"}), build=awaiting_user
    ),
    ("POST", "/api/v1/users/{user_id}/invitation"): Route(
        allowed=ADMIN, build=invitee, ok=frozenset({201})
    ),
    ("DELETE", "/api/v1/users/{user_id}/invitation"): Route(
        allowed=ADMIN, build=invited, ok=frozenset({204})
    ),
    # agency API keys (security)
    ("GET", "/api/v1/agencies/{agency_id}/keys"): Route(allowed=ADMIN, build=agency_path),
    ("POST", "/api/v1/agencies/{agency_id}/keys"): Route(
        allowed=ADMIN, build=new_key, ok=frozenset({201})
    ),
    ("POST", "/api/v1/agencies/{agency_id}/keys/{key_id}/rotate"): Route(
        allowed=ADMIN, build=key_path, scoped=True, ok=frozenset({201})
    ),
    ("DELETE", "/api/v1/agencies/{agency_id}/keys/{key_id}"): Route(
        allowed=ADMIN, build=key_path, scoped=True, ok=frozenset({204})
    ),
    # access log (security)
    ("GET", "/api/v1/audit"): Route(allowed=AUDITOR),
    ("GET", "/api/v1/audit.csv"): Route(allowed=AUDITOR),
    # cases (foundation)
    ("GET", "/api/v1/cases"): Route(allowed=PANEL | AGENCY),
    ("GET", "/api/v1/cases/{case_id}"): Route(allowed=PANEL | AGENCY, build=case_path, scoped=True),
}


def _register_domain_entries() -> None:
    """Each domain keeps its entries beside its own tests; they all land in one registry."""
    import importlib

    for module in (
        "tests.actions.matrix_entries",
        "tests.partner.matrix_entries",
        "tests.retention.matrix_entries",
        "tests.security.matrix_cases",
        "tests.security.matrix_meetings",
        "tests.security.matrix_panels",
        "tests.security.matrix_scrutiny",
        "tests.security.matrix_webhooks",
    ):
        try:
            entries = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        ROUTES.update(entries.ENTRIES)


_register_domain_entries()
