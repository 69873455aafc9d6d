"""Per-request context that logs and the audit writer read without threading it through."""

from __future__ import annotations

from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("riskpanel_request_id", default=None)
