"""Default deny over every route, including routes inside included routers.

FastAPI 0.16x keeps included routers as lazy ``_IncludedRouter`` entries in ``app.routes``,
so a check that walks ``app.routes`` for ``APIRoute`` objects alone sees none of the API.
This walk flattens them first (``fastapi.routing.iter_route_contexts``) and proves it saw
the API by counting what it checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI, routing
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount, Route

from riskpanel.api.access import AccessRule, allow
from riskpanel.kit.principal import Principal

FRAMEWORK_ROUTES = {"/api/v1/openapi.json"}  # /docs and /redoc are pages with a rule
STATIC_MOUNTS = {"/static"}


def flat_routes(app: FastAPI) -> Iterator[tuple[str, BaseRoute]]:
    """(full path, original route) for every route, however deeply included."""
    contexts = getattr(routing, "iter_route_contexts", None)
    if contexts is None:  # older FastAPI: included routes are copied into app.routes
        yield from ((getattr(r, "path", "?"), r) for r in app.routes)
        return
    for context in contexts(app.routes):
        yield context.path or "?", context.original_route


def _rules(dependant: Dependant) -> list[AccessRule]:
    found = [dependant.call] if isinstance(dependant.call, AccessRule) else []
    for sub in dependant.dependencies:
        found.extend(_rules(sub))
    return found


def unguarded(app: FastAPI) -> tuple[int, list[str]]:
    checked, missing = 0, []
    for path, route in flat_routes(app):
        checked += 1
        if isinstance(route, APIRoute):
            if not _rules(route.dependant):
                missing.append(f"{sorted(route.methods)} {path}")
        elif isinstance(route, Mount):
            if path not in STATIC_MOUNTS:
                missing.append(f"mount {path}")
        elif isinstance(route, Route) and path not in FRAMEWORK_ROUTES:
            missing.append(f"route {path}")
    return checked, missing


def test_every_route_declares_an_access_rule(app: FastAPI) -> None:
    checked, missing = unguarded(app)
    api_paths = len(app.openapi()["paths"])
    assert checked >= api_paths > 10, "the walk did not reach the API routes"
    assert missing == []


def test_a_route_inside_an_included_router_without_a_rule_is_caught(app: FastAPI) -> None:
    inner = routing.APIRouter(prefix="/nested")

    @inner.get("/open")
    def open_route() -> dict[str, str]:
        return {}

    @inner.get("/guarded")
    def guarded(_: Annotated[Principal, Depends(allow("admin"))]) -> dict[str, str]:
        return {}

    outer = routing.APIRouter()
    outer.include_router(inner)
    app.include_router(outer, prefix="/api/v1")
    _, missing = unguarded(app)
    assert "['GET'] /api/v1/nested/open" in missing
    assert "['GET'] /api/v1/nested/guarded" not in missing
