"""What the scrutiny pages show when the service refuses a form."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session

from riskpanel.kit.errors import Conflict, RiskPanelError
from riskpanel.web.forms import FormErrors, form_problem


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
