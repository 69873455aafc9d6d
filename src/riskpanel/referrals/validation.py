"""The refusals of a referral that need more than one field to decide.

All problems are collected and refused together, each naming the field as the client sent
it (``incidents[0].strands``), so a partner system fixes a referral in one round trip.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from riskpanel.kit.errors import FieldError, InvalidInput
from riskpanel.models.enums import IncidentKind
from riskpanel.referrals.schemas import IncidentIn, PerpetratorIn, ReferralCreate
from riskpanel.risk import StrandCatalogue, StrandSelection, validate_strands

CLOCK_SKEW = timedelta(minutes=5)
EARLIEST = date(1900, 1, 1)  # older dates are typing slips (and break time zone arithmetic)


def _strands(
    i: int, incident: IncidentIn, catalogue: StrandCatalogue
) -> tuple[StrandSelection | None, list[FieldError]]:
    field = f"incidents[{i}].strands"
    if not incident.strands:
        known = ", ".join(catalogue.all)
        return None, [FieldError(field, f"give at least one strand (known: {known})")]
    try:
        return validate_strands(incident.strands, catalogue, field=field), []
    except InvalidInput as exc:
        return None, list(exc.errors)


def _incident(i: int, incident: IncidentIn, now: datetime, tz: str) -> list[FieldError]:
    errors = []
    today = now.astimezone(ZoneInfo(tz)).date()
    at = f"incidents[{i}]"
    if incident.occurred_on > today:
        errors.append(FieldError(f"{at}.occurred_on", "cannot be in the future"))
    elif incident.occurred_on < EARLIEST:
        errors.append(FieldError(f"{at}.occurred_on", "is before 1900"))
    if incident.reported_at.date() < EARLIEST:
        errors.append(FieldError(f"{at}.reported_at", "is before 1900"))
    elif incident.reported_at > now + CLOCK_SKEW:
        errors.append(FieldError(f"{at}.reported_at", "cannot be in the future"))
    elif incident.reported_at.astimezone(ZoneInfo(tz)).date() < incident.occurred_on:
        errors.append(FieldError(f"{at}.reported_at", "is before the incident happened"))
    if incident.online and not (incident.platform or "").strip():
        errors.append(FieldError(f"{at}.platform", "is required for an online incident"))
    return errors


def _identifies(p: PerpetratorIn) -> bool:
    return any(
        [p.given_name, p.family_name, p.aliases, p.date_of_birth, p.address_line, p.postcode]
    )


def _perpetrators(data: ReferralCreate) -> list[FieldError]:
    """NCHI Code of Practice (2023): a subject's personal data needs a recorded reason."""
    if any(i.kind == IncidentKind.CRIME for i in data.incidents):
        return []
    return [
        FieldError(
            f"perpetrators[{j}].nchi_justification",
            "no crime is reported: recording this person's details needs a real risk of "
            "significant harm or of a future offence, stated here",
        )
        for j, p in enumerate(data.perpetrators)
        if _identifies(p) and not (p.nchi_justification or "").strip()
    ]


def _victim(data: ReferralCreate, today: date) -> list[FieldError]:
    victim, errors = data.victim, []
    if not (victim.given_name or victim.family_name):
        errors.append(FieldError("victim.family_name", "give the victim's name"))
    errors += _dates_of_birth(data, today)
    special = victim.demographics.model_dump(exclude_none=True, exclude={"sex"})
    if special and not (victim.special_category_basis or "").strip():
        errors.append(
            FieldError(
                "victim.special_category_basis",
                f"is required to hold {', '.join(sorted(special))} (special category data)",
            )
        )
    return errors


def _dates_of_birth(data: ReferralCreate, today: date) -> list[FieldError]:
    found = [("victim.date_of_birth", data.victim.date_of_birth)]
    found += [
        (f"perpetrators[{j}].date_of_birth", p.date_of_birth)
        for j, p in enumerate(data.perpetrators)
    ]
    found += [
        (f"household.members[{j}].date_of_birth", m.date_of_birth)
        for j, m in enumerate(data.household.members)
    ]
    errors = []
    for field, dob in found:
        if dob is not None and dob > today:
            errors.append(FieldError(field, "cannot be in the future"))
        elif dob is not None and dob < EARLIEST:
            errors.append(FieldError(field, "is before 1900"))
    return errors


def _consent(data: ReferralCreate) -> list[FieldError]:
    consent = data.consent
    if consent.victim_consents and not consent.victim_aware:
        return [FieldError("consent.victim_aware", "a victim who consents knows of the referral")]
    if not consent.victim_consents and not (consent.sharing_without_consent_reason or "").strip():
        return [
            FieldError(
                "consent.sharing_without_consent_reason",
                "record the victim's consent or the reason for sharing without it",
            )
        ]
    return []


def validate_referral(
    data: ReferralCreate, *, catalogue: StrandCatalogue, now: datetime, tz: str
) -> list[StrandSelection]:
    """The strands of each incident, in order; refuses with every problem found."""
    errors: list[FieldError] = []
    selections: list[StrandSelection] = []
    for i, incident in enumerate(data.incidents):
        selection, strand_errors = _strands(i, incident, catalogue)
        errors += strand_errors + _incident(i, incident, now, tz)
        if selection is not None:
            selections.append(selection)
    errors += _victim(data, now.astimezone(ZoneInfo(tz)).date())
    errors += _perpetrators(data)
    errors += _consent(data)
    if errors:
        summary = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
        raise InvalidInput(summary, errors=errors)
    return selections
