"""Pure ASGI middleware (no BaseHTTPMiddleware, which costs a task per request)."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from riskpanel.api.problems import PROBLEM_JSON, unexpected_problem
from riskpanel.kit.request_context import request_id_var

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
    ),
]
# The API documentation pages (riskpanel.apidocs.pages) run Swagger UI and ReDoc from
# riskpanel's own /static: nothing external either, but the viewers fetch the OpenAPI
# document (connect-src). ReDoc adds its styles as <style> elements at run time: its page
# sends its own policy, this one plus a per-response style nonce, which is kept.
_CSP = b"content-security-policy"
DOCS_PAGES = frozenset({"/docs", "/redoc"})
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; "
    "object-src 'none'"
)


class HttpMiddleware:
    """Passes anything but HTTP (lifespan, websockets) straight through; subclasses
    handle HTTP requests in ``http``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        else:
            await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class RequestContextMiddleware(HttpMiddleware):
    """Request id in and out, security headers on every response, cache off for data."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        is_docs = scope["path"] in DOCS_PAGES

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                own_policy = is_docs and any(h[0].lower() == _CSP for h in headers)
                for name, value in SECURITY_HEADERS:
                    if name == _CSP and is_docs:
                        if own_policy:
                            continue
                        value = DOCS_CSP.encode()
                    headers.append((name, value))
                if not any(h[0].lower() == b"cache-control" for h in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_with_headers(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception as exc:
            if started:
                raise
            await _answer_unexpected(scope, exc, send_tracked)
        finally:
            request_id_var.reset(token)


async def _answer_unexpected(scope: Scope, exc: Exception, send: Send) -> None:
    """A logged 500 problem+json while the request id is still known (Starlette's own
    last-resort handler runs outside this middleware, after the id is gone); the error
    is not raised further, so no traceback quoting personal data reaches the log."""
    route = getattr(scope.get("route"), "path", "?")
    body = json.dumps(unexpected_problem(exc, scope.get("method", "?"), route)).encode()
    headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class ConcurrencyLimitMiddleware(HttpMiddleware):
    """At most `limit` requests in progress per process; the others wait here, in order.

    A request holds a database connection (and, on SQLite, possibly the writer's turn)
    from its first query until its endpoint commits, across several threadpool calls.
    If more requests were let in than there are threads or connections, those waiting
    for a connection or the turn could take every thread and leave the holder none to
    commit with. Waiting here costs no thread and no connection.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        super().__init__(app)
        self._slots = asyncio.Semaphore(limit)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        async with self._slots:
            await self.app(scope, receive, send)
