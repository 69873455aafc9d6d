"""The OpenAPI 3.1 document as a partner's developer needs it.

FastAPI's generated document knows the routes and schemas but not how riskpanel really
answers: it has no security scheme, and it declares its own ``HTTPValidationError`` as
``application/json`` while every error leaves as RFC 9457 ``application/problem+json``
(``riskpanel.api.problems``). This module completes it from what the routes declare: the
access rule (public or not) gives ``security`` and 401/403, path ids give 404, an
``If-Match`` header gives 412/428, writes give 409, and statuses a route lists in its own
``responses=`` keep their descriptions. The notifications go in the top-level ``webhooks``
section (``riskpanel.notifications.webhooks.docs``).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, routing
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from riskpanel.access.csrf import CSRF_HEADER, SESSION_COOKIE
from riskpanel.api.access import AccessRule
from riskpanel.api.problems import PROBLEM_JSON

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details. Further members may appear (for example "
    "`current_etag` on 412, `header` on 428).",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "format": "uri", "description": "Identifies the problem."},
        "title": {"type": "string", "description": "Short summary of the problem type."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "What went wrong with this request."},
        "instance": {"type": "string", "description": "The path that was requested."},
        "request_id": {
            "type": ["string", "null"],
            "description": "Also in the `X-Request-ID` header; quote it when reporting a fault.",
        },
        "errors": {
            "type": "array",
            "description": "On 422 (and 400): each field at fault, as a dotted path.",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string", "examples": ["victim.date_of_birth"]},
                    "message": {"type": "string", "examples": ["must not be in the future"]},
                },
            },
        },
    },
    "additionalProperties": True,
    "examples": [
        {
            "type": "https://riskpanel.example/problems/validation-error",
            "title": "Invalid input",
            "status": 422,
            "detail": "narrative: String should have at least 1 character",
            "instance": "/api/v1/referrals",
            "request_id": "3f2b9c1e0d8a4b7c9e6f1a2b3c4d5e6f",
            "errors": [
                {"field": "narrative", "message": "String should have at least 1 character"}
            ],
        }
    ],
}
SECURITY_SCHEMES: dict[str, Any] = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": "`Authorization: Bearer <token>`: an agency API key (`rpk_...`, "
        "issued by an admin to an agency's system) or a personal token (`rpt_...`).",
    },
    "cookieSession": {
        "type": "apiKey",
        "in": "cookie",
        "name": SESSION_COOKIE,
        "description": "The web session from `POST /api/v1/auth/session`. Unsafe methods "
        f"must also send the session's CSRF token as `{CSRF_HEADER}`.",
    },
}
PROTECTED: list[dict[str, list[str]]] = [{"bearerAuth": []}, {"cookieSession": []}]
# Why each status can happen; a route's own `responses=` description wins.
REASONS = {
    400: "A query parameter is named like a credential (credentials go in headers).",
    401: "No valid credentials (on a public operation: credentials sent but not valid).",
    403: "Your role may not use this operation (or the CSRF token is missing).",
    404: "Not found, or not yours to see (the two are not told apart).",
    409: "The object's state does not allow this change.",
    412: "`If-Match` is stale: read the object again for its current `ETag`.",
    422: "Invalid input: `errors[]` names each field at fault.",
    428: "`If-Match` is missing.",
    500: "An unexpected fault; nothing was saved. Quote the `request_id`.",
}


def access_rule(route: Any) -> AccessRule | None:
    """The route's declared rule, wherever it sits among the dependencies."""
    stack = [route.dependant]
    while stack:
        dependant = stack.pop()
        if isinstance(dependant.call, AccessRule):
            return dependant.call
        stack.extend(dependant.dependencies)
    return None


def error_statuses(route: Any, method: str, operation: dict[str, Any]) -> set[int]:
    """What the route can answer with besides success, read from its metadata."""
    params = {p["name"].lower(): p["in"] for p in operation.get("parameters", [])}
    rule = access_rule(route)
    statuses = {400, 401, 422, 500}  # 401 also when a public route is sent bad credentials
    if rule is None or not rule.public:
        statuses.add(403)
        if method in WRITE_METHODS:
            statuses.add(409)
    if "path" in params.values() or (method in WRITE_METHODS and rule and not rule.public):
        statuses.add(404)  # path ids, and bodies naming other objects
    if params.get("if-match") == "header":
        statuses |= {412, 428}
    statuses |= {int(s) for s in route.responses if str(s).isdigit() and int(s) >= 400}
    return statuses


def complete_operation(route: Any, method: str, operation: dict[str, Any]) -> None:
    rule = access_rule(route)
    operation["security"] = [] if rule is not None and rule.public else PROTECTED
    responses = operation.setdefault("responses", {})
    for status in sorted(error_statuses(route, method, operation)):
        entry = responses.setdefault(str(status), {})
        entry["description"] = (
            entry.get("description")
            if entry.get("description") not in (None, "", "Validation Error")
            else REASONS.get(status, "Refused.")
        )
        entry["content"] = {PROBLEM_JSON: {"schema": PROBLEM_REF}}
    if "401" in responses:
        responses["401"]["headers"] = {
            "WWW-Authenticate": {"schema": {"type": "string"}, "description": "`Bearer`"}
        }


def api_routes(app: FastAPI) -> list[Any]:
    """The documented routes as mounted (prefix, router dependencies and responses applied).

    FastAPI 0.16x keeps included routers as lazy entries in ``app.routes``; its own
    ``iter_route_contexts`` flattens them (older versions copy the routes in).
    """
    contexts = getattr(routing, "iter_route_contexts", None)
    found: list[Any] = list(contexts(app.routes)) if contexts is not None else list(app.routes)
    return [
        route
        for route in found
        if isinstance(getattr(route, "original_route", route), APIRoute) and route.include_in_schema
    ]


def build(app: FastAPI) -> dict[str, Any]:
    doc = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version="3.1.0",
        description=app.description,
        routes=app.routes,
        webhooks=app.webhooks.routes,
        tags=app.openapi_tags,
        servers=app.servers,
    )
    for route in api_routes(app):
        path_item = doc["paths"].get(route.path_format, {})
        for method in route.methods:
            operation = path_item.get(method.lower())
            if operation is not None:
                complete_operation(route, method.lower(), operation)
    for item in doc.get("webhooks", {}).values():
        for operation in item.values():  # the receiver's answers are its own: 2xx or retry
            operation["responses"].pop("422", None)
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    schemas["Problem"] = PROBLEM_SCHEMA
    components["securitySchemes"] = SECURITY_SCHEMES
    return doc


def install(app: FastAPI) -> None:
    """Replace ``app.openapi`` with the completed document, built once on first use."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
