"""The web session's cookie name and its CSRF token check.

Framework-free and below the HTTP layer: the access dependencies (``riskpanel.api.access``)
check the token on every unsafe cookie request, the OpenAPI document names the header, and
the sign-in pages issue the token (``riskpanel.auth.sessions``).
"""

from __future__ import annotations

import hmac

from riskpanel.kit.errors import Forbidden

SESSION_COOKIE = "riskpanel_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FORM_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def csrf_matches(expected: str | None, submitted: str | None) -> bool:
    """Constant-time comparison; a missing token on either side never matches."""
    if not expected or not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())


def require_csrf(*, expected: str | None, submitted: str | None) -> None:
    """For the web UI's form handlers: refuse a form post without the session's token."""
    if not csrf_matches(expected, submitted):
        raise Forbidden(
            "This change needs the CSRF token of your session "
            f"(header {CSRF_HEADER} or form field {CSRF_FORM_FIELD}).",
            extra={"reason": "csrf"},
        )
