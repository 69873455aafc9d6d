"""Every write route reads its rule from the declared authority table, and the table names
no route that does not exist (issue 15: one declared table of write authority)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.routing import APIRoute

from riskpanel.access.authority import AUTHORITY, Relation
from riskpanel.api.access import AuthorityRule, allow, authority
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from tests.security.test_default_deny import _rules, flat_routes

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def write_routes(app: FastAPI) -> dict[tuple[str, str], list[str]]:
    """(method, path) of every unsafe route -> the operations its authority rules name."""
    found: dict[tuple[str, str], list[str]] = {}
    for path, route in flat_routes(app):
        if isinstance(route, APIRoute):
            rules = [r for r in _rules(route.dependant) if isinstance(r, AuthorityRule)]
            for method in route.methods & UNSAFE:
                found[(method, path)] = [r.operation for r in rules]
    return found


def undeclared(app: FastAPI) -> list[str]:
    wrong = []
    for (method, path), operations in sorted(write_routes(app).items()):
        if len(operations) != 1:
            wrong.append(f"{method} {path}: rules {operations or 'none'} (want one authority)")
        elif (method, path) not in AUTHORITY[operations[0]].routes:
            wrong.append(f"{method} {path}: entry {operations[0]!r} does not list this route")
    return wrong


def test_every_write_route_reads_its_rule_from_the_table(app: FastAPI) -> None:
    routes = write_routes(app)
    assert len(routes) > 60, "the walk did not reach the API and web write routes"
    assert any(path.startswith("/api/v1/") for _, path in routes)
    assert any(not path.startswith("/api/") for _, path in routes)
    assert undeclared(app) == []


def test_the_table_names_no_route_that_does_not_exist(app: FastAPI) -> None:
    routes = set(write_routes(app))
    stale = sorted(
        f"{op}: {m} {p}" for op, e in AUTHORITY.items() for m, p in e.routes if (m, p) not in routes
    )
    assert stale == []


def test_a_write_route_with_an_ad_hoc_rule_is_caught(app: FastAPI) -> None:
    @app.post("/api/v1/brand-new-write")
    def ad_hoc(_: Annotated[Principal, Depends(allow("admin"))]) -> dict[str, str]:
        return {}

    @app.post("/api/v1/brand-new-declared")
    def declared(_: Annotated[Principal, Depends(authority("users.create"))]) -> dict[str, str]:
        return {}

    wrong = undeclared(app)
    assert any(w.startswith("POST /api/v1/brand-new-write: rules none") for w in wrong)
    assert any("brand-new-declared: entry 'users.create' does not list" in w for w in wrong)


def test_every_entry_is_summarised_and_every_role_has_a_relation() -> None:
    for operation, entry in AUTHORITY.items():
        assert entry.summary.strip().endswith("."), operation
        assert entry.routes, operation
        for grant in entry.grants:
            assert grant.roles and grant.roles <= {r.value for r in Role}, operation
            assert isinstance(grant.relation, Relation)
        assert Role.SYSTEM.value not in entry.roles, operation


def test_the_route_rule_admits_exactly_the_table_roles() -> None:
    rule = authority("victims.entitlement")
    assert rule.roles == AUTHORITY["victims.entitlement"].roles
    assert rule.roles == {"coordinator", "chair", "agency"}
    assert repr(rule) == "authority('victims.entitlement')"
    assert authority("auth.sign_in").public
