"""Non-crime hate incidents: no subject's personal data without a recorded justification.

The NCHI Code of Practice (3 June 2023) allows the *subject's* personal data to be
recorded only where there is a real risk of significant harm or of a future offence, and
the reason must be written down. The referral and people services call this check before
they store a person in the subject's (perpetrator's) role of an NCHI-only record.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from riskpanel.kit.errors import InvalidInput
from riskpanel.models.enums import CaseRole, IncidentKind

#: Fields that identify or describe a person; any of them set means personal data is held.
PERSONAL_FIELDS = (
    "given_name",
    "family_name",
    "aliases",
    "date_of_birth",
    "sex",
    "ethnicity",
    "nationality",
    "religion",
    "sexual_orientation",
    "gender_identity",
    "disability",
    "address_line",
    "postcode",
    "phone",
    "email",
)
MIN_JUSTIFICATION = 20


def holds_personal_data(person: Any) -> bool:
    """True when any identifying field is set (works on a model, a schema or a dict)."""
    get = person.get if isinstance(person, dict) else lambda name: getattr(person, name, None)
    return any(get(name) not in (None, "", [], ()) for name in PERSONAL_FIELDS)


def require_nchi_justification(
    *,
    incident_kinds: Iterable[str],
    role: str,
    person: Any,
    justification: str | None = None,
    field: str = "nchi_justification",
) -> None:
    """Refuse (422) to hold an NCHI subject's personal data without a justification.

    Applies only when every incident is a non-crime hate incident (a recorded crime has
    its own basis) and the person is the subject (perpetrator) of it. ``justification``
    defaults to the person's own ``nchi_justification``; it must say why in a sentence.
    """
    kinds = set(incident_kinds)
    if not kinds or kinds != {IncidentKind.NCHI.value}:
        return
    if role != CaseRole.PERPETRATOR.value or not holds_personal_data(person):
        return
    if justification is None:
        justification = (
            person.get("nchi_justification")
            if isinstance(person, dict)
            else getattr(person, "nchi_justification", None)
        )
    if not justification or len(justification.strip()) < MIN_JUSTIFICATION:
        raise InvalidInput.field(
            field,
            "the subject of a non-crime hate incident may be recorded by name only with a "
            "justification (real risk of significant harm or of a future offence; NCHI "
            f"Code of Practice 2023), of at least {MIN_JUSTIFICATION} characters",
        )
