"""What the scrutiny pages show with their forms: fresh, or again when the service refuses one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from riskpanel.kit.errors import Conflict, RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.web.common import notice_of
from riskpanel.web.forms import FormErrors, FormValues, form_problem
from riskpanel.web.templating import render


@dataclass(frozen=True)
class Shown:
    """How a page with forms is shown: fresh, or again with the answers given, the errors to
    correct and the refusal's status code."""

    values: FormValues = field(default_factory=FormValues)
    errors: FormErrors | None = None
    status_code: int = 200


def form_page(
    request: Request, principal: Principal, template: str, shown: Shown, /, **context: object
) -> Response:
    """A scrutiny page with its forms, the answers and errors of ``shown`` and any notice."""
    form = {"values": shown.values, "errors": shown.errors, "notice": notice_of(request)}
    return render(request, principal, template, status_code=shown.status_code, **form, **context)


def refusal_errors(
    session: Session,
    exc: RiskPanelError,
    *,
    anchor: str,
    fallback: str,
    labels: Mapping[str, str] | None = None,
) -> FormErrors:
    """The errors to show the form again with, its change rolled back (a 404 is raised
    instead). A conflict with the record's state points at ``anchor``; anything else at its
    field, or at ``fallback``."""
    form_problem(session, exc)
    if isinstance(exc, Conflict):
        errors = FormErrors([("", exc.detail)])
        errors.fallback_anchor = anchor
        return errors
    return FormErrors.of(exc, labels=labels, fallback=fallback)
