"""The contact and consent form: its choices, labels, and the API body it makes.

The form asks for the preferred method and safe times as two fields; the API keeps them as
the intake's ``preferences`` (``method``, ``times``), so both read the same record.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from riskpanel.kit.errors import FieldError
from riskpanel.victims.schemas import VictimContactIn, VictimContactOut
from riskpanel.web.forms import FormValues, check, invalid_from

METHODS = [
    ("", "No preference recorded"),
    ("phone", "Phone call"),
    ("text_message", "Text message"),
    ("email", "Email"),
    ("letter", "Letter"),
    ("in_person", "In person"),
    ("via_advocate", "Through their advocate"),
]
CONSENT = [
    ("given", "Yes, the victim consents"),
    ("refused", "No, the victim refused"),
    ("withdrawn", "The victim has withdrawn consent"),
    ("not_asked", "The victim has not been asked yet"),
]
BASES = [
    ("consent", "The victim's consent"),
    ("safeguarding", "Safeguarding"),
    ("law_enforcement", "Law enforcement (Data Protection Act 2018 Part 3)"),
    ("public_task", "Public task"),
    ("vital_interests", "Vital interests (a risk to life)"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]
LABELS = {
    "phone": "Phone number",
    "email": "Email address",
    "address_line": "Address",
    "postcode": "Postcode",
    "safe_to_contact": "Whether it is safe to contact the victim",
    "preferences": "Preferred contact method",
    "contact_method": "Preferred contact method",
    "contact_times": "Safe times to make contact",
    "consent_status": "Consent to sharing",
    "consent_scope": "What the victim agreed to",
    "lawful_basis": "Basis for sharing",
}


def contact_values(current: VictimContactOut) -> FormValues:
    """The record as it stands, as the form shows it first."""
    values = FormValues()
    for name in ("phone", "email", "address_line", "postcode", "consent_scope"):
        values.set_default(name, getattr(current, name) or "")
    values.set_default("safe_to_contact", "yes" if current.safe_to_contact else "no")
    values.set_default("contact_method", current.preferences.get("method", ""))
    values.set_default("contact_times", current.preferences.get("times", ""))
    values.set_default("consent_status", current.consent_status)
    values.set_default("lawful_basis", current.lawful_basis or "")
    return values


def contact_request(values: FormValues) -> VictimContactIn:
    """The API's body from the form; a missing choice is named in the panel's words."""
    errors: list[FieldError] = []
    if values.get("safe_to_contact") not in ("yes", "no"):
        errors.append(FieldError("safe_to_contact", "Select whether it is safe to contact"))
    if values.get("consent_status") not in {v for v, _ in CONSENT}:
        errors.append(FieldError("consent_status", "Select whether the victim consents"))
    if values.get("lawful_basis") not in {v for v, _ in BASES}:
        errors.append(FieldError("lawful_basis", "Select the basis for sharing"))
    check(errors)
    preferences = {
        key: text
        for key, text in (
            ("method", values.text("contact_method")),
            ("times", values.text("contact_times")),
        )
        if text
    }
    body: dict[str, Any] = {
        "phone": values.text("phone"),
        "email": values.text("email"),
        "address_line": values.text("address_line"),
        "postcode": values.text("postcode"),
        "safe_to_contact": values.get("safe_to_contact") == "yes",
        "preferences": preferences,
        "consent_status": values.get("consent_status"),
        "consent_scope": values.text("consent_scope"),
        "lawful_basis": values.get("lawful_basis"),
    }
    try:
        return VictimContactIn.model_validate(body)
    except ValidationError as exc:
        raise invalid_from(exc) from exc
