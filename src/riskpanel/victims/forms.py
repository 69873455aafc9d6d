"""The case page's two Victims' Code forms: an update given to the victim, and a referral to
a support service (made, or declined by the victim).

Both forms share the case page with the transition forms, so their fields are prefixed
(``update.kind``, ``support.at``); the service names fields without the prefix
(``given_at``, ``declined_reason``), and :func:`prefixed` puts it back so each error in the
summary links to the field on this page. The date and time default to now: most updates are
recorded as they are given, and a time is needed because the deadlines run in working hours.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from riskpanel.kit.errors import FieldError, InvalidInput, RiskPanelError
from riskpanel.victims.schemas import (
    EntitlementIn,
    EntitlementOut,
    SupportReferralIn,
    VictimUpdateIn,
)
from riskpanel.web.forms import (
    FormValues,
    check,
    invalid_from,
    local_datetime,
    parse_date,
    parse_time,
)

UPDATE_KINDS = [
    ("arrest", "A suspect was arrested"),
    ("interview", "A suspect was interviewed"),
    ("charge", "A suspect was charged"),
    ("bail", "Bail, or a change to bail conditions"),
    ("no_further_action", "No further action will be taken"),
    ("not_investigating", "The crime will not be investigated"),
    ("court", "A court hearing or its outcome"),
    ("case_progress", "How the investigation is progressing"),
    ("panel_outcome", "What the panel decided"),
    ("safety_plan", "Their safety plan"),
    ("other", "Something else"),
]
METHODS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("letter", "Letter"),
    ("in_person", "In person"),
    ("text_message", "Text message"),
    ("video_call", "Video call"),
    ("via_advocate", "Through their advocate"),
]
SUPPORT_STATUSES = [("made", "Referral made"), ("declined", "The victim declined a referral")]
LABELS = {
    "update.kind": "What the victim was told about",
    "update.method": "How they were told",
    "update.given_at": "Date",
    "update.given_time": "Time",
    "update.summary": "What they were told",
    "support.status": "Whether the referral was made",
    "support.service": "Support service",
    "support.at": "Date",
    "support.at_time": "Time",
    "support.declined_reason": "Why the victim declined",
}


def set_defaults(values: FormValues, tz: str) -> None:
    """Today's date and the time now (local) in both forms, unless the user typed others."""
    now = datetime.now(ZoneInfo(tz))
    for day, at in (("update.given_at", "update.given_time"), ("support.at", "support.at_time")):
        for part in ("day", "month", "year"):
            values.set_default(f"{day}.{part}", getattr(now, part))
        values.set_default(at, now.strftime("%H:%M"))


def _when(
    values: FormValues, names: tuple[str, str], what: str, tz: str, errors: list[FieldError]
) -> datetime | None:
    day, at = names
    found = len(errors)
    on = parse_date(values, day, errors)
    time_of_day = parse_time(values, at, errors)
    if on is None and len(errors) == found:
        errors.append(FieldError(day, f"Enter the date {what}"))
    if time_of_day is None and not any(e.field == at for e in errors):
        errors.append(FieldError(at, f"Enter the time {what}, such as 09:30 or 14:05"))
    return local_datetime(on, time_of_day, tz) if on and time_of_day else None


def prefixed(exc: RiskPanelError, prefix: str) -> RiskPanelError:
    """The service's field names with this form's prefix (``given_at`` -> ``update.given_at``)."""
    if not isinstance(exc, InvalidInput) or not exc.errors:
        return exc
    errors = [
        FieldError(
            e.field if e.field.startswith(prefix + ".") else f"{prefix}.{e.field}", e.message
        )
        for e in exc.errors
    ]
    return InvalidInput(exc.detail, errors=errors)


def _model(model: type[Any], body: dict[str, Any], prefix: str) -> Any:
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise prefixed(invalid_from(exc), prefix) from exc


def update_request(values: FormValues, tz: str) -> VictimUpdateIn:
    errors: list[FieldError] = []
    if not values.get("update.kind"):
        errors.append(FieldError("update.kind", "Select what the victim was told about"))
    if not values.get("update.method"):
        errors.append(FieldError("update.method", "Select how the victim was told"))
    given_at = _when(
        values, ("update.given_at", "update.given_time"), "the victim was told", tz, errors
    )
    check(errors)
    body = {
        "kind": values.get("update.kind"),
        "method": values.get("update.method"),
        "given_at": given_at,
        "summary": values.text("update.summary"),
    }
    result: VictimUpdateIn = _model(VictimUpdateIn, body, "update")
    return result


def support_request(values: FormValues, tz: str) -> SupportReferralIn:
    errors: list[FieldError] = []
    status = values.get("support.status")
    if not status:
        errors.append(FieldError("support.status", "Select whether the referral was made"))
    if not values.text("support.service"):
        errors.append(FieldError("support.service", "Enter the support service"))
    at = _when(values, ("support.at", "support.at_time"), "of the referral", tz, errors)
    if status == "declined" and not values.text("support.declined_reason"):
        errors.append(FieldError("support.declined_reason", "Enter why the victim declined"))
    check(errors)
    body = {
        "status": status,
        "service": values.text("support.service"),
        "at": at,
        "declined_reason": values.text("support.declined_reason") if status == "declined" else None,
    }
    result: SupportReferralIn = _model(SupportReferralIn, body, "support")
    return result


YES_NO = [("yes", "Yes"), ("no", "No")]
ENTITLEMENT_LABELS = {
    "enhanced_rights": "Enhanced rights",
    "needs_assessed_at": "Date of the needs assessment",
    "needs_outcome": "What the needs assessment found",
    "support_opt_out": "Whether the victim opted out",
    "update_schedule": "Agreed update schedule",
    "lead_agency_id": "Lead contact",
}


def entitlement_values(current: EntitlementOut, tz: str) -> FormValues:
    """The entitlement as the form shows it first: the record as it stands."""
    values = FormValues()
    values.set_default("enhanced_rights", "yes" if current.enhanced_rights else "no")
    values.set_default("support_opt_out", "yes" if current.support_opt_out else "no")
    values.set_default("category", current.category)
    values.set_default("needs_outcome", current.needs_outcome)
    values.set_default("update_schedule", current.update_schedule)
    values.set_default("lead_agency_id", current.lead_agency_id or "")
    if current.needs_assessed_at is not None:
        local = current.needs_assessed_at.astimezone(ZoneInfo(tz))
        for part in ("day", "month", "year"):
            values.set_default(f"needs_assessed_at.{part}", getattr(local, part))
    return values


def entitlement_request(
    values: FormValues, tz: str, *, category: str, sets_lead: bool
) -> EntitlementIn:
    """The API's input from the form. The lead contact is sent only by the panel's officers
    (``sets_lead``): left out, the service keeps the current one, as the API does."""
    errors: list[FieldError] = []
    for name, what in (
        ("enhanced_rights", "has enhanced rights"),
        ("support_opt_out", "opted out"),
    ):
        if values.get(name) not in ("yes", "no"):
            errors.append(FieldError(name, f"Select whether the victim {what}"))
    assessed_on = parse_date(values, "needs_assessed_at", errors)
    check(errors)
    body: dict[str, Any] = {
        "enhanced_rights": values.get("enhanced_rights") == "yes",
        "category": category,
        "needs_assessed_at": local_datetime(assessed_on, time(0, 0), tz) if assessed_on else None,
        "needs_outcome": values.text("needs_outcome"),
        "support_opt_out": values.get("support_opt_out") == "yes",
        "update_schedule": values.text("update_schedule"),
    }
    if sets_lead:
        body["lead_agency_id"] = values.id("lead_agency_id")
    try:
        return EntitlementIn.model_validate(body)
    except ValidationError as exc:
        raise invalid_from(exc) from exc
