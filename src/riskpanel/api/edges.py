"""Transport hygiene at the edge: HSTS under https, no credentials in query strings, and
no query strings in the server's access log.

Kept apart from ``middleware.py`` (request context, concurrency) so each concern stays a
small pure ASGI class that can be reasoned about, and tested, on its own.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import Message, Receive, Scope, Send

from riskpanel.api.middleware import HttpMiddleware
from riskpanel.api.problems import problem_response
from riskpanel.kit.errors import FieldError, RiskPanelError

HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")

# Parameter names clients and libraries use to carry a credential; compared after lowering
# the case and dropping "-" and "_" so "Access-Token", "api_key" and "APIKEY" all match.
CREDENTIAL_NAMES = frozenset(
    {
        "accesstoken",
        "apikey",
        "token",
        "key",
        "auth",
        "authorization",
        "bearer",
        "password",
        "passwd",
        "secret",
        "clientsecret",
        "idtoken",
        "refreshtoken",
        "sessionid",
        "session",
    }
)
# A riskpanel agency key or personal token (access.secrets.issue_secret), anywhere in a value.
BEARER_SHAPE = re.compile(r"rp[kt]_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}")


class StrictTransportMiddleware(HttpMiddleware):
    """Tells browsers to use https only, when riskpanel is served under an https base URL;
    under http the header would be ignored at best and lock out a test site at worst."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_hsts(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), HSTS]
            await send(message)

        await self.app(scope, receive, send_with_hsts)


class CredentialsInQuery(RiskPanelError):
    status = 400
    slug = "credentials-in-query"
    title = "Credentials in the query string"


def credential_parameter(query_string: bytes) -> str | None:
    """The name of the first query parameter that carries, or looks like, a credential.

    URLs are written to proxy, server and browser logs and kept in browser history, so a
    secret there is as good as published; refusing it tells the client to use a header."""
    if not query_string:
        return None
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    for name, value in pairs:
        if name.lower().replace("-", "").replace("_", "") in CREDENTIAL_NAMES:
            return name
        if BEARER_SHAPE.search(value) or BEARER_SHAPE.search(name):
            return name if not BEARER_SHAPE.search(name) else "query"
    return None


class QueryCredentialMiddleware(HttpMiddleware):
    """Refuses a request with a credential in its query string before any route, log line
    or audit row sees it. The answer names the parameter, never the value."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        name = credential_parameter(scope.get("query_string", b""))
        if name is None:
            await self.app(scope, receive, send)
            return
        error = CredentialsInQuery(
            "Credentials are not accepted in the query string; send an API key in the "
            "Authorization header (Bearer), and replace any key that was sent in a URL.",
            errors=[FieldError(name, "must not carry a credential")],
        )
        response = problem_response(error.problem(instance=scope["path"]), error.status)
        await response(scope, receive, send)


#: paths whose last segment is a one-time secret (``users.invitations``)
SECRET_PATHS = ("/invitations/",)


class DropQueryFromAccessLog(logging.Filter):
    """Cuts the query string off the path in uvicorn's access log records.

    uvicorn logs ``(client, method, path?query, http_version, status)``; queries carry
    search terms and, from careless clients, secrets, and log files outlive both. A path
    that is itself a secret (an invitation link) loses its last segment too."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            path: Any = args[2].split("?", 1)[0]
            for prefix in SECRET_PATHS:
                if path.startswith(prefix):
                    path = prefix + "..."
            record.args = (*args[:2], path, *args[3:])
        return True


def strip_queries_from_access_log(logger_name: str = "uvicorn.access") -> None:
    """Install the filter once on the access logger of this process (each worker calls
    this from ``create_app``, after uvicorn has configured logging)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, DropQueryFromAccessLog) for f in logger.filters):
        logger.addFilter(DropQueryFromAccessLog())
