"""Default deny: every route in app.routes declares an access rule (web pages too)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import Mount, Route

from riskpanel.auth.rules import AccessRule

FRAMEWORK_ROUTES = {"/api/v1/openapi.json", "/docs", "/docs/oauth2-redirect"}
STATIC_MOUNTS = {"/static"}


def _rules(dependant: Dependant) -> list[AccessRule]:
    found = [dependant.call] if isinstance(dependant.call, AccessRule) else []
    for sub in dependant.dependencies:
        found.extend(_rules(sub))
    return found


def routes_without_rules(app: FastAPI) -> list[str]:
    missing = []
    for route in app.routes:
        if isinstance(route, APIRoute):
            if not _rules(route.dependant):
                missing.append(f"{sorted(route.methods)} {route.path}")
        elif isinstance(route, Mount):
            if route.path not in STATIC_MOUNTS:
                missing.append(f"mount {route.path}")
        elif isinstance(route, Route) and route.path not in FRAMEWORK_ROUTES:
            missing.append(f"route {route.path}")
    return missing


def test_every_route_declares_an_access_rule(app: FastAPI) -> None:
    assert routes_without_rules(app) == []


def test_the_check_catches_a_route_without_a_rule(app: FastAPI) -> None:
    @app.get("/api/v1/unguarded")
    def unguarded() -> dict[str, str]:
        return {}

    assert routes_without_rules(app) == ["['GET'] /api/v1/unguarded"]
