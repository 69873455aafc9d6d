"""Every meetings route declares an access rule, including those in included sub-routers.

FastAPI 0.16x keeps included routers as one lazily expanded entry in ``app.routes``, so a
walk over ``app.routes`` alone would not reach them; this walks the routers themselves.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from riskpanel.api.access import AccessRule
from riskpanel.meetings.api import router


def _routes(r: APIRouter) -> Iterator[APIRoute]:
    for route in r.routes:
        inner = getattr(route, "original_router", None)
        if isinstance(inner, APIRouter):
            yield from _routes(inner)
        elif isinstance(route, APIRoute):
            yield route


def _rules(dependant: Dependant) -> list[AccessRule]:
    found = [dependant.call] if isinstance(dependant.call, AccessRule) else []
    for sub in dependant.dependencies:
        found.extend(_rules(sub))
    return found


def test_every_meetings_route_has_a_rule() -> None:
    routes = list(_routes(router))
    assert len(routes) == 17
    missing = [f"{sorted(r.methods)} {r.path}" for r in routes if not _rules(r.dependant)]
    assert missing == []
    chair_only = [r for r in routes if r.path.endswith("/minutes/approve")]
    rules = [_rules(r.dependant)[0] for r in chair_only]
    assert [repr(rule) for rule in rules] == ["authority('minutes.approve')"]
    assert [sorted(rule.roles) for rule in rules] == [["chair"]]
