"""`form_page`: every form page's one render call, first shown or shown again after a refusal."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from starlette.requests import Request

from riskpanel.web.forms import FormErrors, FormValues
from riskpanel.web.templating import form_page, render
from tests.factories import COORDINATOR


def _request() -> Request:
    app = SimpleNamespace(state=SimpleNamespace(settings=None))
    scope = {"type": "http", "method": "GET", "path": "/subject-access", "headers": [], "app": app}
    return Request({**scope, "query_string": b""})


REFUSED = FormErrors(
    [("family_name", "Enter the family name")], labels={"f-family-name": "Family name"}, status=409
)


@pytest.mark.parametrize(("errors", "status"), [(None, 200), (FormErrors(), 200), (REFUSED, 409)])
def test_form_page_answers_with_the_errors_status_and_the_posted_values(
    errors: FormErrors | None, status: int
) -> None:
    request, values = _request(), FormValues({"family_name": ["O'Brien"]})
    context = {"title": "Subject access", "people": None, "values": values, "errors": errors}
    page = form_page(request, COORDINATOR, "subject_access.html", **context)
    assert page.status_code == status
    html = page.body.decode()
    assert "O&#39;Brien" in html
    assert ("Enter the family name" in html) == (status == 409)
    same = render(request, COORDINATOR, "subject_access.html", status_code=status, **context)
    assert page.body == same.body, "the pages it replaced rendered these very bytes"
