"""RFC 9457 problem+json for every error, so clients parse one shape and never see a trace."""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from riskpanel.kit.errors import PROBLEM_BASE, FieldError, InvalidInput, RiskPanelError
from riskpanel.kit.request_context import request_id_var

log = logging.getLogger("riskpanel.api")
PROBLEM_JSON = "application/problem+json"
_LOCATIONS = {"body", "query", "path", "header", "cookie"}


def problem_response(
    body: dict[str, Any], status: int, headers: dict[str, str] | None = None
) -> JSONResponse:
    body.setdefault("request_id", request_id_var.get())
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:] if parts[0] == "body" else parts
    return ".".join(parts) or "body"


VALUE_ERROR = "Value error, "


_RULE = re.compile(r"^([a-z][a-z0-9_]*) (?:is|are|must|cannot|needs|may) ")


def _error_field(err: dict[str, Any]) -> str:
    """The field an error is about. A model's own rule (a `model_validator`) has no location,
    so it names its field by starting its message with it ("outcome is required when ...")."""
    name = _field_name(tuple(err.get("loc", ())))
    if name == "body" and err.get("type") == "value_error":
        rule = _RULE.match(str(err.get("msg", "")).removeprefix(VALUE_ERROR))
        if rule:
            return rule.group(1)
    return name


def validation_problem(errors: list[dict[str, Any]]) -> InvalidInput:
    """Pydantic's messages, naming the field the client sent; pydantic's own prefix for a
    rule's message ("Value error, ") is dropped, as it tells a client nothing."""
    fields = []
    for err in errors:
        message = str(err.get("msg", "is invalid")).removeprefix(VALUE_ERROR)
        if err.get("type") == "extra_forbidden":
            message = "is not a recognised field"
        fields.append(FieldError(_error_field(err), message))
    summary = "; ".join(f"{f.field}: {f.message}" for f in fields[:5])
    return InvalidInput(summary or "The request is not valid.", errors=fields)


def install(app: FastAPI) -> None:
    @app.exception_handler(RiskPanelError)
    async def _riskpanel_error(request: Request, exc: RiskPanelError) -> JSONResponse:
        return problem_response(exc.problem(instance=request.url.path), exc.status, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        problem = validation_problem(list(exc.errors()))
        return problem_response(problem.problem(instance=request.url.path), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {404: "Not found", 405: "Method not allowed", 401: "Not authenticated"}
        body = {
            "type": PROBLEM_BASE + f"http-{exc.status_code}",
            "title": titles.get(exc.status_code, "HTTP error"),
            "status": exc.status_code,
            "detail": exc.detail if isinstance(exc.detail, str) else "Request refused.",
            "instance": request.url.path,
        }
        return problem_response(body, exc.status_code, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        """Only for what escapes ``RequestContextMiddleware``, which answers the rest."""
        route = getattr(request.scope.get("route"), "path", "?")
        return problem_response(unexpected_problem(exc, request.method, route), 500)


def unexpected_problem(exc: BaseException, method: str, route: str) -> dict[str, Any]:
    """Log an unexpected error and describe it: a database error is never "not found".

    Numbers and text that no database could store are refused before any route runs
    (``riskpanel.api.strict_input``), so what lands here is a fault to look into: the log line
    and the answer carry the same request id. Only the type, the route's template and the
    request id are logged: exception text may quote personal data.
    """
    request_id = request_id_var.get()
    log.error("unhandled %s on %s %s (request %s)", type(exc).__name__, method, route, request_id)
    return {
        "type": PROBLEM_BASE + "internal-error",
        "title": "Internal server error",
        "status": 500,
        "detail": "The server could not complete the request; nothing was saved.",
        "request_id": request_id,
    }
