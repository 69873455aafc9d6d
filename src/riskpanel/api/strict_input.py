"""Strict input at the edges, for every route (API and web) as one app-wide dependency.

Pydantic reads " 12", "1_2", "+12" and "12.0" as the number 12, and what it lets through
is later compared, stored or echoed; a header decoded as Latin-1 can carry "²", which
``str.isdigit`` calls a digit and ``int`` refuses. So before any route runs: whole-number
path and query parameters must be ASCII digits within a database id's range, declared
headers must be printable ASCII, and no path, query or form value may hold a control
character. Each refusal is a problem+json naming the parameter as validation errors do
(``path.action_id``, ``query.limit``, ``header.if-match``, ``form.note``); web pages
answer a bad path with their 404 page, as for any address that names nothing.

Request bodies in JSON are checked by ``riskpanel.kit.schemas.InputModel``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import UploadFile

from riskpanel.kit.errors import FieldError, InvalidInput
from riskpanel.kit.ids import MAX_ID
from riskpanel.kit.text import ascii_int, control_character, control_message

_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e\t]*")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True)
class _Declared:
    """What a route declares, read once per route from its FastAPI dependant."""

    int_path: frozenset[str]
    int_query: frozenset[str]
    headers: tuple[str, ...]


def _is_int(annotation: Any) -> bool:
    args = getattr(annotation, "__args__", None)
    return annotation is int or (args is not None and int in args and bool not in args)


def _walk(dependant: Any) -> Any:
    yield dependant
    for sub in dependant.dependencies:
        yield from _walk(sub)


def _declared_by(route: Any) -> _Declared:
    found: _Declared | None = getattr(route, "_riskpanel_edges", None)
    if found is None:
        deps = list(_walk(route.dependant)) if hasattr(route, "dependant") else []

        def names(kind: str, ints: bool) -> frozenset[str]:
            return frozenset(
                p.alias
                for d in deps
                for p in getattr(d, kind)
                if not ints or _is_int(p.field_info.annotation)
            )

        headers = tuple(sorted(names("header_params", False)))
        found = _Declared(names("path_params", True), names("query_params", True), headers)
        if route is not None:
            route._riskpanel_edges = found  # read once: routes do not change
    return found


def _refuse(location: str, name: str, message: str) -> RequestValidationError:
    """Raised as FastAPI's own validation error, so the API names the field as usual
    (``path.action_id``) and web pages answer as for any bad address (404 for a path)."""
    return RequestValidationError(
        [{"type": "value_error", "loc": (location, name), "msg": message}]
    )


def _check_path(request: Request, declared: _Declared) -> None:
    for name, raw in request.path_params.items():
        text = str(raw)
        if name in declared.int_path:
            number = ascii_int(text)
            if number is None or not 1 <= number <= MAX_ID:
                raise _refuse("path", name, f"must be a whole number from 1 to {MAX_ID}")
        code = control_character(text)
        if code:
            raise _refuse("path", name, control_message(code))


def _check_query(request: Request, declared: _Declared) -> None:
    for name, raw in request.query_params.multi_items():
        code = control_character(name) or control_character(raw)
        if code:
            raise _refuse("query", name, control_message(code))
        if name in declared.int_query and raw != "" and ascii_int(raw) is None:
            raise _refuse("query", name, "must be a whole number in ASCII digits")


def _check_headers(request: Request, declared: _Declared) -> None:
    for name in declared.headers:
        raw = request.headers.get(name)
        if raw is not None and not _PRINTABLE_ASCII.fullmatch(raw):
            raise _refuse("header", name, "must be printable ASCII")


async def _check_form(request: Request) -> None:
    if not request.headers.get("content-type", "").startswith(_FORMS):
        return
    form = await request.form()  # Starlette keeps it: the route reads the same form
    for name, value in form.multi_items():
        code = control_character(name) or (
            None if isinstance(value, UploadFile) else control_character(value)
        )
        if code:
            message = control_message(code)
            raise InvalidInput(
                f"form.{name}: {message}", errors=[FieldError(f"form.{name}", message)]
            )


async def strict_edges(request: Request) -> None:
    """Runs before every route's own parameters are read (an app-wide dependency)."""
    declared = _declared_by(request.scope.get("route"))
    _check_path(request, declared)
    _check_query(request, declared)
    _check_headers(request, declared)
    await _check_form(request)
