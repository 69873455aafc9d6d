"""Form values in, service field errors out (the GOV.UK error summary pattern).

Services name the field at fault (``incidents[0].strands``, ``victim.family_name``); a form
field's ``name`` is that same path, and its id is derived from it (:func:`field_id`), so
each error in the summary links to the field it is about.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request, Response
from pydantic import ValidationError
from sqlmodel import Session
from starlette.datastructures import FormData

from riskpanel.api.problems import validation_problem
from riskpanel.kit.errors import FieldError, InvalidInput, RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.kit.text import is_ascii_digits
from riskpanel.web.templating import field_id, render, words

YES = frozenset({"yes", "on", "true", "1"})
VERBS = ("is ", "are ", "cannot ", "must ", "was ", "has ", "needs ", "no ", "only ")


async def form_data(request: Request) -> FormData:
    """A dependency: the parsed form (cached by Starlette, so the CSRF check shares it)."""
    return await request.form()


class FormValues:
    """What the user typed, to fill the form in again after an error."""

    def __init__(self, data: Mapping[str, list[str]] | None = None) -> None:
        self.data: dict[str, list[str]] = {k: list(v) for k, v in (data or {}).items()}

    @classmethod
    def of(cls, form: FormData | None) -> FormValues:
        if form is None:
            return cls()
        out: dict[str, list[str]] = {}
        for key, value in form.multi_items():
            if isinstance(value, str):
                out.setdefault(key, []).append(value)
        return cls(out)

    def get(self, name: str, default: str = "") -> str:
        values = self.data.get(name)
        return values[0] if values else default

    def getlist(self, name: str) -> list[str]:
        return list(self.data.get(name, []))

    def has(self, name: str, value: str) -> bool:
        return value in self.data.get(name, [])

    def text(self, name: str) -> str | None:
        value = self.get(name).strip()
        return value or None

    def flag(self, name: str) -> bool:
        return self.get(name).strip().lower() in YES

    def id(self, name: str) -> int | None:
        """A picked id (agency, panel): digits only, else None for the schema to refuse."""
        raw = self.get(name)
        return int(raw) if is_ascii_digits(raw) else None

    def carried(self) -> list[tuple[str, str]]:
        """Every value but the CSRF token, as hidden fields: a check-your-answers page sends
        the form on unchanged (to be saved, or shown again to change)."""
        return [(k, v) for k, vs in self.data.items() if k != "csrf_token" for v in vs]

    def set_default(self, name: str, value: Any) -> None:
        if name not in self.data and value is not None:
            self.data[name] = [str(value)]


@dataclass
class FormErrors:
    """Errors by field, in the order the service gave them; labels make them sentences."""

    items: list[tuple[str, str]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    fallback_anchor: str = "main-content"
    anchors: dict[str, str] = field(default_factory=dict)
    status: int = 422  # what a page showing them answers with (the service error's status)

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, name: str, message: str) -> None:
        self.items.append((name, message))

    def get(self, name: str) -> str | None:
        key = field_id(name)
        for item, message in self.items:
            if field_id(item) == key:
                return self.sentence(item, message)
        return None

    def label(self, name: str) -> str:
        """The field's label as a noun: the form's own, unless it is a question, which no
        message can be built around ("What was done?"); then the field's name as words."""
        label = self.labels.get(field_id(name), "")
        if not label or label.rstrip().endswith("?"):
            label = words(name.split(".")[-1].split("[")[0])
        return label

    def sentence(self, name: str, message: str) -> str:
        message = SERVICE_MESSAGES.get(message, message)
        if "{" in message:  # a GOV.UK message from `govuk_message`, waiting for its label
            label = self.label(name)
            noun = label if label[:2].isupper() else label[:1].lower() + label[1:]
            message = message.replace("{the}", f"the {noun}").replace("{Label}", label)
        elif message.lower().startswith(VERBS):
            return f"{self.label(name)} {message}"
        return message[:1].upper() + message[1:]

    def summary(self) -> list[dict[str, str]]:
        out = []
        for name, message in self.items:
            anchor = self.anchors.get(field_id(name), field_id(name) if name else "")
            out.append(
                {
                    "href": "#" + (anchor or self.fallback_anchor),
                    "text": self.sentence(name, message),
                }
            )
        return out

    @classmethod
    def of(
        cls,
        exc: RiskPanelError,
        *,
        labels: Mapping[str, str] | None = None,
        known: Iterable[str] | None = None,
        fallback: str = "",
    ) -> FormErrors:
        """From a service error. Fields the form does not show point at ``fallback``."""
        shown = {field_id(k) for k in known} if known is not None else None
        errors = cls(labels={field_id(k): v for k, v in (labels or {}).items()}, status=exc.status)
        for item in exc.errors or [FieldError(fallback, exc.detail)]:
            if shown is not None and field_id(item.field) not in shown:
                errors.anchors[field_id(item.field)] = field_id(fallback) if fallback else ""
            errors.add(item.field, item.message)
        if fallback:
            errors.fallback_anchor = field_id(fallback)
        return errors


GOVUK_MESSAGES: dict[str, str] = {
    "missing": "Enter {the}",
    "string_too_short": "Enter {the}",
    "string_type": "Enter {the}",
    "literal_error": "Select {the}",
    "enum": "Select {the}",
    "bool_parsing": "Select yes or no",
    "bool_type": "Select yes or no",
    "int_parsing": "{Label} must be a whole number",
    "int_type": "{Label} must be a whole number",
    "int_from_float": "{Label} must be a whole number",
    "float_parsing": "{Label} must be a number",
    "decimal_parsing": "{Label} must be a number",
    "string_too_long": "{Label} must be {max_length} characters or fewer",
    "too_long": "Select no more than {max_length}",
    "too_short": "Select {the}",
    "list_type": "Select {the}",
    "greater_than": "{Label} must be more than {gt}",
    "greater_than_equal": "{Label} must be {ge} or more",
    "less_than": "{Label} must be less than {lt}",
    "less_than_equal": "{Label} must be {le} or less",
    "date_parsing": "{Label} must be a real date",
    "date_from_datetime_parsing": "{Label} must be a real date",
    "date_type": "{Label} must be a real date",
    "datetime_parsing": "{Label} must be a real date and time",
    "datetime_from_date_parsing": "{Label} must be a real date and time",
    "date_past": "{Label} must be in the past",
    "date_future": "{Label} must be in the future",
    "url_parsing": "Enter a real web address, like https://example.org",
    "value_error.email": "Enter an email address in the correct format, like name@example.org",
    "extra_forbidden": "{Label} is not part of this form",
}
"""Pydantic's error types as GOV.UK error messages (design-system.service.gov.uk, "Error
message"): they say what to do, in the form's words, never pydantic's. ``{the}`` and
``{Label}`` stand for the field's label, which only the page knows (`FormErrors.sentence`);
``{max_length}`` and the like come from the error's context."""


SERVICE_MESSAGES: dict[str, str] = {
    "cannot be in the future": "{Label} must be today or in the past",
    "is before 1900": "{Label} must be in 1900 or later",
    "is required": "Enter {the}",
    "is required for an online incident": "Enter {the} for an online incident",
    "is before the incident happened": "{Label} must be on or after the day of the incident",
}
"""The services' own short messages (the API's words) as GOV.UK error messages."""


def govuk_message(error: Mapping[str, Any]) -> str:
    """One pydantic error as a GOV.UK message (a template for `FormErrors.sentence`)."""
    kind = str(error.get("type", ""))
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    if kind == "value_error":
        if "email" in message.lower() and "@" not in message:
            return GOVUK_MESSAGES["value_error.email"]
        rest = message.partition(" ")[2]
        if rest.startswith("is required"):  # a model's rule naming its field
            return "Enter {the}"
        if rest.startswith(VERBS):
            return "{Label} " + rest
        return message
    template = GOVUK_MESSAGES.get(kind)
    if template is None:
        return "Enter {the} in the right format"
    context = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    for key, value in context.items():
        template = template.replace("{" + key + "}", value)
    return template


def invalid_from(exc: ValidationError) -> InvalidInput:
    """Pydantic's refusal of a model built from a form, the fields named as the API names
    them and each message in GOV.UK's words (`govuk_message`)."""
    errors = [dict(e) for e in exc.errors()]
    problem = validation_problem(errors)
    fields = [
        FieldError(f.field, govuk_message(e)) for f, e in zip(problem.errors, errors, strict=True)
    ]
    return InvalidInput(problem.detail, errors=fields)


def parse_date(values: FormValues, name: str, errors: list[FieldError]) -> date | None:
    """A GOV.UK date input: ``name.day``, ``name.month``, ``name.year``."""
    parts = [values.get(f"{name}.{p}").strip() for p in ("day", "month", "year")]
    if not any(parts):
        return None
    try:
        day, month, year = (int(p) for p in parts)
        return date(year, month, day)
    except ValueError:
        errors.append(FieldError(name, "must be a real date, for example 27 3 2026"))
        return None


def parse_time(values: FormValues, name: str, errors: list[FieldError]) -> time | None:
    raw = values.get(name).strip()
    if not raw:
        return None
    try:
        return time.fromisoformat(raw.replace(".", ":").zfill(5))
    except ValueError:
        errors.append(FieldError(name, "must be a time such as 09:30 or 14:05"))
        return None


def local_datetime(day: date, at: time | None, tz: str) -> datetime:
    return datetime.combine(day, at or time(9, 0), tzinfo=ZoneInfo(tz))


def check(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidInput("; ".join(f"{e.field}: {e.message}" for e in errors), errors=errors)


def form_problem(
    session: Session, exc: RiskPanelError | ValidationError, *, refusals: Iterable[int] = (404,)
) -> RiskPanelError:
    """What a refused form submission shows on the form again, its change rolled back.

    A refusal (no sight of the object, or no relation to it) is raised instead: the caller
    gets the refusal page, never the form again with its own values."""
    if isinstance(exc, RiskPanelError) and exc.status in tuple(refusals):
        raise exc
    session.rollback()
    return exc if isinstance(exc, RiskPanelError) else invalid_from(exc)


@dataclass(frozen=True)
class FormPage:
    """One form's page: shown blank, with defaults, or again with its errors."""

    template: str
    title: str

    def __call__(
        self,
        request: Request,
        principal: Principal,
        values: FormValues,
        errors: FormErrors | None = None,
    ) -> Response:
        """Answered with the errors' status, or 200 when the form is shown without any."""
        status = 200 if errors is None else errors.status
        page = {"title": self.title, "values": values, "errors": errors}
        return render(request, principal, self.template, status_code=status, **page)


def record_errors(exc: RiskPanelError, *, labels: Mapping[str, str], form: str) -> FormErrors:
    """A record form's refusal: its fields' errors, or, when someone else saved the record
    first (412), one error for the whole form, since no field of it is wrong."""
    if exc.status != 412:
        return FormErrors.of(exc, labels=labels, fallback=form)
    errors = FormErrors([("", "Someone else changed this record. Check it and try again")])
    errors.status, errors.fallback_anchor = 412, field_id(form)
    return errors
