"""One error family for the whole application.

Services raise these; the HTTP layer turns them into RFC 9457 ``application/problem+json``
and the CLI turns them into a message and a non-zero exit. Keeping the status on the class
(as Polar does) means a service never needs to know about HTTP, yet the mapping is never
guessed at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

PROBLEM_BASE = "https://riskpanel.example/problems/"


@dataclass(frozen=True)
class FieldError:
    """One invalid input field: a dotted path such as ``victim.date_of_birth``."""

    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class RiskPanelError(Exception):
    """Base error; ``status`` and ``slug`` decide the problem document."""

    status: ClassVar[int] = 400
    slug: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[FieldError] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.extra = extra or {}
        self.headers = headers or {}

    def __init_subclass__(
        cls, *, status: int | None = None, title: str | None = None, **kw: Any
    ) -> None:
        """`class Conflict(RiskPanelError, status=409, title="Conflict")`: the slug of the
        problem type follows from the title ("conflict"); a class may still set all three."""
        super().__init_subclass__(**kw)
        if status is not None:
            cls.status = status
        if title is not None:
            cls.title = title
            cls.slug = title.lower().replace(" ", "-")

    def problem(self, *, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.slug,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = [e.as_dict() for e in self.errors]
        body.update(self.extra)
        return body


class InvalidInput(RiskPanelError):
    status = 422
    slug = "validation-error"
    title = "Invalid input"

    @classmethod
    def field(cls, field: str, message: str) -> InvalidInput:
        """Shortcut for the common one-field refusal."""
        return cls(f"{field}: {message}", errors=[FieldError(field, message)])


class NotAuthenticated(RiskPanelError, status=401, title="Not authenticated"):
    page: ClassVar[str] = "/sign-in"  # where a browser is sent instead

    def __init__(self, detail: str = "Valid credentials are required.", **kw: Any) -> None:
        kw.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kw)


class SecondFactorRequired(NotAuthenticated):
    """Signed in with a password, but the second factor is still to be passed.

    ``page`` is where a browser is sent instead (the web layer adds ``?next=``)."""

    slug = "second-factor-required"
    title = "Second factor required"
    page: ClassVar[str] = "/sign-in/second-factor"

    def __init__(self, detail: str = "", **kw: Any) -> None:
        super().__init__(
            detail
            or "Pass the second factor (a code from your authenticator app) before using "
            "this session: /sign-in/second-factor, or POST /api/v1/auth/session/second-factor.",
            **kw,
        )


class FreshAuthenticationRequired(NotAuthenticated):
    """A sensitive action needs the person to have proved who they are a moment ago."""

    slug = "fresh-authentication-required"
    title = "Confirm it is you"
    page: ClassVar[str] = "/sign-in/confirm"

    def __init__(self, detail: str = "", **kw: Any) -> None:
        super().__init__(
            detail
            or "This action needs a recent sign-in: confirm your password (and code) at "
            "/sign-in/confirm, or POST /api/v1/auth/session/confirm, then try again.",
            **kw,
        )


class Forbidden(RiskPanelError, status=403, title="Forbidden"):
    pass


class NotFound(RiskPanelError, status=404, title="Not found"):
    """Also what callers get for objects outside their reach, so ids do not leak."""

    def __init__(self, detail: str = "The resource was not found.", **kw: Any) -> None:
        super().__init__(detail, **kw)


class Conflict(RiskPanelError, status=409, title="Conflict"):
    pass


class PreconditionFailed(RiskPanelError, status=412, title="Precondition failed"):
    pass


class PreconditionRequired(RiskPanelError, status=428, title="Precondition required"):
    pass


class TooManyRequests(RiskPanelError, status=429, title="Too many requests"):
    pass


class ServiceUnavailable(RiskPanelError, status=503, title="Service unavailable"):
    pass
