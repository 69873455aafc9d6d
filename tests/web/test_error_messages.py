"""Refused forms speak GOV.UK: pydantic's errors become "Enter the ...", "Select the ...",
"... must be ...", named by the page's own labels; the API keeps naming fields but never
says "Value error,"."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, Field, ValidationError, model_validator

from riskpanel.actions.schemas import ActionUpdateIn
from riskpanel.api.problems import validation_problem
from riskpanel.web.forms import FormErrors, invalid_from


class _Form(BaseModel):
    agency: int
    colour: str = Field(pattern="^(red|green)$", default="red")
    note: str = Field(min_length=1, max_length=10)
    occurred_on: date
    kind: bool = False


def _messages(model: type[BaseModel], data: dict, labels: dict | None = None) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        model.model_validate(data)
    errors = FormErrors.of(invalid_from(exc.value), labels=labels)
    return {item["href"]: item["text"] for item in errors.summary()}


def test_pydantic_errors_read_as_govuk_messages_with_the_page_labels() -> None:
    said = _messages(
        _Form,
        {"agency": "x", "note": "far too long a note", "occurred_on": "31/02", "kind": "maybe"},
        labels={"agency": "Agency", "occurred_on": "Date of the incident", "note": "Note"},
    )
    assert said == {
        "#f-agency": "Agency must be a whole number",
        "#f-note": "Note must be 10 characters or fewer",
        "#f-occurred-on": "Date of the incident must be a real date",
        "#f-kind": "Select yes or no",
    }
    assert _messages(_Form, {"agency": 1, "occurred_on": "2026-01-01"}) == {
        "#f-note": "Enter the note"
    }


def test_a_models_own_rule_names_its_field_without_pydantic_words() -> None:
    said = _messages(ActionUpdateIn, {"progress": "completed"})
    assert said == {"#f-outcome": "Enter the outcome"}
    # a question as a label cannot carry a message: the field's name does
    said = _messages(ActionUpdateIn, {"progress": "completed"}, {"outcome": "What was done?"})
    assert said == {"#f-outcome": "Enter the outcome"}
    assert _messages(ActionUpdateIn, {"progress": "open"}) == {"#f-progress": "Select the progress"}


class _Rule(BaseModel):
    start: int
    end: int

    @model_validator(mode="after")
    def _order(self) -> _Rule:
        if self.end < self.start:
            raise ValueError("end must not be before start")
        return self


def test_the_api_names_the_field_and_drops_value_error() -> None:
    with pytest.raises(ValidationError) as exc:
        ActionUpdateIn.model_validate({"progress": "not_possible"})
    problem = validation_problem([dict(e) for e in exc.value.errors()])
    assert [(e.field, e.message) for e in problem.errors] == [
        ("reason", "reason is required when progress is not_possible")
    ]
    with pytest.raises(ValidationError) as exc:
        _Rule.model_validate({"start": 2, "end": 1})
    problem = validation_problem([dict(e) for e in exc.value.errors()])
    assert [(e.field, e.message) for e in problem.errors] == [
        ("end", "end must not be before start")
    ]
    assert "Value error" not in problem.detail
    assert _messages(_Rule, {"start": 2, "end": 1}) == {"#f-end": "End must not be before start"}


def test_service_messages_read_as_govuk_messages() -> None:
    errors = FormErrors(labels={"f-occurred-on": "Date of the incident"})
    errors.add("occurred_on", "cannot be in the future")
    errors.add("platform", "is required for an online incident")
    assert [e["text"] for e in errors.summary()] == [
        "Date of the incident must be today or in the past",
        "Enter the platform for an online incident",
    ]
