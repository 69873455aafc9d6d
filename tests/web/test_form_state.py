"""A page's form as shown: empty on GET, as typed (with errors and status) after a refusal."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request

from riskpanel.web.form_state import REFUSALS, FormState, blank_form, posted_values
from riskpanel.web.forms import FormErrors, FormValues


def _request(query: bytes = b"") -> Request:
    return Request({"type": "http", "method": "GET", "path": "/", "query_string": query})


def test_a_blank_form_renders_empty_with_status_200() -> None:
    shown = blank_form()
    context = shown.context(_request())
    assert context["status_code"] == 200
    assert context["errors"] is None
    assert context["values"].data == {}
    assert shown.form == ""


def test_a_refused_form_comes_back_as_typed_with_its_errors_and_status() -> None:
    values = posted_values(FormData([("reason", "Too late"), ("route", "repeat")]))
    errors = FormErrors([("reason", "Enter a reason")])
    shown = FormState(values, errors, 422, "reject")
    context = shown.context(_request(b"notice=transition"))
    assert context["values"].get("reason") == "Too late"
    assert context["errors"] is errors
    assert context["status_code"] == 422
    assert context["notice"] is not None
    assert shown.form == "reject"


def test_each_blank_form_has_its_own_values() -> None:
    first, second = blank_form(), blank_form()
    first.values.set_default("state", "open")
    assert second.values.get("state") == ""
    assert isinstance(first.values, FormValues)


def test_refusals_are_no_sight_and_no_relation() -> None:
    assert set(REFUSALS) == {403, 404}
