"""A form as a page shows it: first empty, or again after a refusal with what was typed.

Every page with a form renders it the same two ways: on GET with no errors (status 200),
and after a refused POST with the values as typed, the errors (GOV.UK error summary and
field messages) and the refusal's status. Passing the three together as one value keeps
each page's renderer to one optional argument, and the template keys the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlmodel import Session

from riskpanel.access.visible import visible_case
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import RiskPanelError
from riskpanel.web.common import Form, notice_of
from riskpanel.web.forms import FormErrors, FormValues, form_problem

REFUSALS = (403, 404)
"""Statuses a form is never shown again for: no relation to the object, or no sight of it
(the caller gets the refusal page instead)."""


@dataclass(frozen=True)
class FormState:
    values: FormValues = field(default_factory=FormValues)
    errors: FormErrors | None = None
    status_code: int = 200
    form: str = ""
    """Which of the page's forms was refused, where a page has several (the case page)."""

    def context(self, request: Request) -> dict[str, Any]:
        """What `web.templating.render` takes for the form: the values, the errors, the
        status, and the notice of the redirect that led here, if any."""
        return {
            "values": self.values,
            "errors": self.errors,
            "status_code": self.status_code,
            "notice": notice_of(request),
        }


def blank_form() -> FormState:
    """The form as a GET shows it: empty, no errors, status 200."""
    return FormState()


BlankForm = Annotated[FormState, Depends(blank_form)]
"""A page renderer's form argument as a dependency, so the renderer is its own GET route and
a refused POST calls it with the form as typed."""


def posted_values(form: Form) -> FormValues:
    """The posted form as typed, to validate and to show again after a refusal."""
    return FormValues.of(form)


Posted = Annotated[FormValues, Depends(posted_values)]
"""A POST handler's form values as a dependency (the parsed form is shared with the CSRF
check, so it is read once)."""


def refused_case_form(
    session: Session,
    caller: Caller,
    case_id: int,
    exc: RiskPanelError,
    errors: Callable[[RiskPanelError], FormErrors],
    show: Callable[..., Response],
) -> Response:
    """A case's form again after a refused submission: the change rolled back, the case read
    again as the caller may see it, and ``errors`` on the form's fields, shown by
    ``show(case=..., errors=...)``. A refusal (no relation to the case, or no sight of it)
    raises instead, for the refusal page."""
    problem = form_problem(session, exc, refusals=REFUSALS)
    case = visible_case(session, caller, case_id)
    return show(case=case, errors=errors(problem))
