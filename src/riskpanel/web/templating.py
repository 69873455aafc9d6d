"""The pages' Jinja2 environment: autoescape everywhere, StrictUndefined, UK-local dates.

Templates live in ``web/templates`` (never the top-level ``templates/``, which holds the
PDF documents). Every page gets the signed-in principal, the session's CSRF token and the
navigation for the principal's role.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from riskpanel.config import Settings
from riskpanel.kit import vocabulary
from riskpanel.kit.principal import Principal
from riskpanel.workflow.registry import get_workflows

if TYPE_CHECKING:  # web.forms renders through this module: a runtime import would be a cycle
    from riskpanel.web.forms import FormErrors, FormValues

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
VENDOR_CSS = STATIC_DIR / "vendor" / "govuk" / "govuk-frontend.min.css"

NAV: dict[str, list[tuple[str, str]]] = {
    "coordinator": [
        ("/dashboard", "Dashboard"),
        ("/referrals", "Referrals"),
        ("/cases", "Cases"),
        ("/meetings", "Meetings"),
        ("/actions", "Actions"),
        ("/scrutiny/review", "Scrutiny"),
    ],
    "agency": [
        ("/agency", "Home"),
        ("/actions", "Our actions"),
        ("/cases", "Our cases"),
        ("/meetings", "Meetings"),
        ("/referrals", "Referrals"),
        ("/webhooks", "Webhooks"),
    ],
    "scrutiny": [
        ("/scrutiny", "Scrutiny packs"),
        ("/scrutiny/statistics", "Statistics"),
        ("/scrutiny/you-said-we-did", "You said, we did"),
    ],
    "admin": [
        ("/admin/users", "Users"),
        ("/admin/agencies", "Agencies"),
        ("/admin/keys", "API keys"),
    ],
    "auditor": [("/audit", "Access log")],
}
# A chair works the same pages as the coordinator, and approves new accounts.
NAV["chair"] = [*NAV["coordinator"], ("/approvals", "Account approvals")]
# Retention runs and subject access responses: the coordinator's and the auditor's work.
RECORDS = [("/retention", "Retention"), ("/subject-access", "Subject access")]
NAV["coordinator"] = [*NAV["coordinator"], *RECORDS]
NAV["auditor"] = [*NAV["auditor"], *RECORDS]
HOME = {
    "coordinator": "/dashboard",
    "chair": "/dashboard",
    "agency": "/agency",
    "scrutiny": "/scrutiny",
    "admin": "/admin/users",
    "auditor": "/audit",
}
TZ = ZoneInfo("Europe/London")


def words(value: Any) -> str:
    """A stored code as the panel's words (``kit.vocabulary``), for Python callers."""
    return vocabulary.words(value)


def outcome_labels(settings: Settings) -> Mapping[str, str]:
    """The outcome labels of the settings' workflow files (latest versions)."""
    labels: dict[str, str] = {}
    for defn in get_workflows(settings).latest():
        labels.update(defn.outcomes)
    return labels


@pass_context
def _words(context: Context, value: Any) -> str:
    """The ``words`` filter: the workflow file's outcome labels first, then the shared
    vocabulary, so a template writing ``decision | words`` shows the panel's label."""
    request = context.get("request")
    settings = getattr(getattr(getattr(request, "app", None), "state", None), "settings", None)
    labels = outcome_labels(settings) if settings is not None else None
    return vocabulary.words(value, labels)


def uk_date(value: date | datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        value = value.astimezone(TZ) if value.tzinfo else value
        return value.strftime("%-d %B %Y")
    return value.strftime("%-d %B %Y")


def uk_datetime(value: datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    local = value.astimezone(TZ) if value.tzinfo else value
    return local.strftime("%-d %B %Y, %H:%M")


def uk_due(value: datetime | str | None) -> str:
    """A deadline as the panel reads it, in Europe/London. Deadlines kept as a day (the
    Victims' Code's) are stored as the first instant after that day, local midnight: they
    show as the day itself, never as "00:00" of the next; others show their real time."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    local = value.astimezone(TZ) if value.tzinfo else value
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return f"end of {uk_date((local - timedelta(days=1)).date())}"
    return uk_datetime(local)


def field_id(name: str) -> str:
    """The HTML id of a form field from the service's field name (``incidents[0].kind``)."""
    out = "".join(c if c.isalnum() else "-" for c in name)
    while "--" in out:
        out = out.replace("--", "-")
    return "f-" + out.strip("-")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        words=_words, uk_date=uk_date, uk_datetime=uk_datetime, uk_due=uk_due, field_id=field_id
    )
    env.globals.update(field_id=field_id)
    return env


def vendor_present() -> bool:
    """GOV.UK Frontend is vendored by scripts/assets.sh; without it pages run unstyled."""
    return VENDOR_CSS.exists()


def render(
    request: Request,
    principal: Principal | None,
    template: str,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    role = principal.role if principal is not None else None
    base = {
        "request": request,
        "principal": principal if principal is not None and role != "anonymous" else None,
        "csrf_token": getattr(request.state, "csrf_token", None) or "",
        "nav": NAV.get(role or "", []),
        "path": request.url.path,
        "vendor": vendor_present(),
        "errors": None,
        "notice": None,
    }
    base.update(context)
    html = environment().get_template(template).render(base)
    return HTMLResponse(html, status_code=status_code)


def form_page(
    request: Request,
    principal: Principal | None,
    template: str,
    *,
    title: str,
    values: FormValues,
    errors: FormErrors | None,
    **context: Any,
) -> HTMLResponse:
    """A form page, first shown or shown again with what was refused: the status is the
    errors' own (so a refused post answers 422 or 409, not 200) and the posted values come
    back, so every form page answers the same way and none forgets the status."""
    return render(
        request,
        principal,
        template,
        status_code=errors.status if errors else 200,
        title=title,
        values=values,
        errors=errors,
        **context,
    )
