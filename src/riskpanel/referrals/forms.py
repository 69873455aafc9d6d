"""The referral form: its fields are the referral API's field paths, so the service's
refusals (``incidents[0].strands``, ``consent.victim_aware``) land on the right field.

The web form takes up to three incidents (the second and third optional: an incident whose
fields are all empty is left out) and up to one perpetrator (partner systems send more
through the API); the risk checklist is rendered from the panel's checklist file.

Because empty incidents are left out, the list the service sees can have fewer entries than
the form: :class:`Positions` remembers which form incident each entry came from, so an error
about ``incidents[1]`` lands on the form's third incident when the second was left empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from riskpanel.assessments.forms import LEVELS as LEVELS  # the form template reads f.LEVELS
from riskpanel.assessments.forms import answer_field, checklist_answers
from riskpanel.kit.errors import FieldError, InvalidInput
from riskpanel.models.enums import IncidentKind, LawfulBasis, PerceivedBy
from riskpanel.referrals.schemas import ReferralCreate
from riskpanel.risk import Checklist
from riskpanel.web.forms import (
    VERBS,
    FormValues,
    check,
    invalid_from,
    local_datetime,
    parse_date,
    parse_time,
)
from riskpanel.web.templating import field_id

INC = "incidents[0]"
MAX_INCIDENTS = 3
PERP = "perpetrators[0]"
DEMOGRAPHICS = (
    "ethnicity",
    "nationality",
    "religion",
    "disability",
    "sexual_orientation",
    "gender_identity",
)
LABELS = {
    "victim.family_name": "Family name",
    "victim.given_name": "Given name",
    "victim.date_of_birth": "Date of birth",
    "victim.lawful_basis": "Lawful basis",
    "victim.special_category_basis": "Basis for holding special category data",
    f"{PERP}.nchi_justification": "Reason for recording the person's details",
    "narrative": "What happened",
    "consent.victim_aware": "Whether the victim knows",
    "consent.victim_consents": "Consent",
    "consent.sharing_without_consent_reason": "Reason for sharing without consent",
    "assessment.judgement_level": "Professional judgement level",
    "assessment.judgement_reason": "Reason for professional judgement",
    "panel_id": "Panel",
}
INCIDENT_LABELS = {
    "kind": "Kind of incident",
    "occurred_on": "Date of the incident",
    "reported_at": "Date it was reported",
    "reported_time": "Time it was reported",
    "strands": "Strands",
    "perceived_by": "Whose perception",
    "platform": "Platform",
}


def incident_name(i: int) -> str:
    return f"incidents[{i}]"


def _ordinal(i: int) -> str:
    return "" if i == 0 else f"Incident {i + 1}: "


LABELS.update(
    {
        f"{incident_name(i)}.{key}": _ordinal(i) + (label if i == 0 else label.lower())
        for i in range(MAX_INCIDENTS)
        for key, label in INCIDENT_LABELS.items()
    }
)
LAWFUL_BASES = [(b.value, b.value.replace("_", " ").capitalize()) for b in LawfulBasis]
PERCEIVERS = [(p.value, p.value.replace("_", " ").capitalize()) for p in PerceivedBy]
KINDS = [
    (IncidentKind.CRIME.value, "A crime"),
    (IncidentKind.NCHI.value, "A non-crime hate incident"),
]


def _yes_no(values: FormValues, name: str) -> bool | None:
    raw = values.get(name)
    return {"yes": True, "no": False}.get(raw)


def _victim(values: FormValues, errors: list[FieldError]) -> dict[str, Any]:
    v = "victim."
    return {
        "given_name": values.text(v + "given_name"),
        "family_name": values.text(v + "family_name"),
        "date_of_birth": parse_date(values, v + "date_of_birth", errors),
        "address_line": values.text(v + "address_line"),
        "postcode": values.text(v + "postcode"),
        "district": values.text(v + "district"),
        "contact": {
            "phone": values.text(v + "contact.phone"),
            "safe_to_contact": _yes_no(values, v + "contact.safe_to_contact") is not False,
        },
        "communication": {
            "language": values.text(v + "communication.language"),
            "interpreter_needed": values.flag(v + "communication.interpreter_needed"),
        },
        "demographics": {k: values.text(f"{v}demographics.{k}") for k in DEMOGRAPHICS},
        "lawful_basis": values.text(v + "lawful_basis"),
        "special_category_basis": values.text(v + "special_category_basis"),
    }


def filled(values: FormValues, i: int) -> bool:
    """Whether anything was entered for the form's incident ``i`` (the first always counts)."""
    prefix = incident_name(i) + "."
    return i == 0 or any(
        v.strip() for k, vs in values.data.items() if k.startswith(prefix) for v in vs
    )


def _incident(values: FormValues, i: int, tz: str, errors: list[FieldError]) -> dict[str, Any]:
    inc = incident_name(i)
    which = "the incident" if i == 0 else f"incident {i + 1}"
    occurred = parse_date(values, f"{inc}.occurred_on", errors)
    reported_day = parse_date(values, f"{inc}.reported_at", errors)
    reported_time = parse_time(values, f"{inc}.reported_time", errors)
    if occurred is None and not any(e.field == f"{inc}.occurred_on" for e in errors):
        errors.append(FieldError(f"{inc}.occurred_on", f"Enter the date of {which}"))
    if reported_day is None and not any(e.field == f"{inc}.reported_at" for e in errors):
        errors.append(FieldError(f"{inc}.reported_at", f"Enter the date {which} was reported"))
    return {
        "kind": values.text(f"{inc}.kind"),
        "occurred_on": occurred,
        "reported_at": local_datetime(reported_day, reported_time, tz) if reported_day else None,
        "district": values.text(f"{inc}.district"),
        "place": values.text(f"{inc}.place"),
        "strands": values.getlist(f"{inc}.strands"),
        "perceived_by": values.text(f"{inc}.perceived_by"),
        "online": values.flag(f"{inc}.online"),
        "platform": values.text(f"{inc}.platform"),
        "crime_reference": values.text(f"{inc}.crime_reference"),
        "description": values.text(f"{inc}.description"),
    }


def _perpetrators(values: FormValues) -> list[dict[str, Any]]:
    known = _yes_no(values, f"{PERP}.known")
    if known is None:
        return []
    p = PERP + "."
    return [
        {
            "known": known,
            "is_group": values.flag(p + "is_group"),
            "group_description": values.text(p + "group_description"),
            "given_name": values.text(p + "given_name"),
            "family_name": values.text(p + "family_name"),
            "relationship_to_victim": values.text(p + "relationship_to_victim"),
            "lives_nearby": _yes_no(values, p + "lives_nearby"),
            "nchi_justification": values.text(p + "nchi_justification"),
        }
    ]


_INCIDENT = re.compile(r"^incidents\[([0-9]+)\](.*)$")
_LIST_ITEM = re.compile(r"^(incidents\[[0-9]+\]\.strands)\[[0-9]+\]$")


@dataclass
class Positions:
    """Which form question each sent answer is, and which form incident each sent incident."""

    answers: list[str] = field(default_factory=list)
    incidents: list[int] = field(default_factory=lambda: [0])


def form_field(error: FieldError, positions: Positions) -> FieldError:
    """A field named by the service (positions in what was sent) as the form names it."""
    name = answer_field(error.field, positions.answers)
    name = _LIST_ITEM.sub(r"\1", name)
    match = _INCIDENT.match(name)
    if match is None or int(match.group(1)) >= len(positions.incidents):
        return FieldError(name, error.message)
    at = positions.incidents[int(match.group(1))]
    message = error.message
    if at > 0 and not message.lower().startswith(VERBS):
        message = f"incident {at + 1}: {message}"
    return FieldError(f"{incident_name(at)}{match.group(2)}", message)


def remap_answers(exc: InvalidInput, positions: Positions) -> InvalidInput:
    errors = [form_field(e, positions) for e in exc.errors]
    return InvalidInput(exc.detail, errors=errors)


def build_referral(
    values: FormValues, *, checklist: Checklist, tz: str, panel_id: int | None
) -> tuple[ReferralCreate, Positions]:
    """The API model from the form, or ``InvalidInput`` naming every field at fault (as the
    form names it)."""
    errors: list[FieldError] = []
    assessment, order = checklist_answers(values, checklist)
    positions = Positions(order, [i for i in range(MAX_INCIDENTS) if filled(values, i)])
    body: dict[str, Any] = {
        "panel_id": panel_id,
        "victim": _victim(values, errors),
        "household": {
            "children_present": values.flag("household.children_present"),
            "other_vulnerable_people": values.flag("household.other_vulnerable_people"),
        },
        "incidents": [_incident(values, i, tz, errors) for i in positions.incidents],
        "perpetrators": _perpetrators(values),
        "narrative": values.get("narrative").strip(),
        "why_answer": values.get("why_answer").strip(),
        "consent": {
            "victim_aware": _yes_no(values, "consent.victim_aware"),
            "victim_consents": _yes_no(values, "consent.victim_consents"),
            "sharing_without_consent_reason": values.text("consent.sharing_without_consent_reason"),
        },
        "community_trigger": values.flag("community_trigger"),
        "victims_code": {"support_opt_out": values.flag("victims_code.support_opt_out")},
        "assessment": assessment,
    }
    data: ReferralCreate | None = None
    try:
        data = ReferralCreate.model_validate(body)
    except ValidationError as exc:
        seen = {field_id(e.field) for e in errors}
        found = [form_field(e, positions) for e in invalid_from(exc).errors]
        errors += [e for e in found if field_id(e.field) not in seen]
    check(_tidy(errors))
    assert data is not None
    return data, positions


def _better(name: str) -> str | None:
    """Pydantic's messages for missing choices read better as GOV.UK instructions."""
    incident = _INCIDENT.match(name)
    which = (
        "it"
        if incident is None or incident.group(1) == "0"
        else f"incident {int(incident.group(1)) + 1}"
    )
    suffix = incident.group(2) if incident else ""
    if suffix == ".kind":
        return f"Select whether {which} was a crime or a non-crime hate incident"
    if suffix == ".perceived_by":
        return f"Select whose perception of hostility {'this' if which == 'it' else which} is"
    return {
        "victim.lawful_basis": "Select the lawful basis for processing the victim's data",
        "consent.victim_aware": "Select whether the victim knows about the referral",
        "consent.victim_consents": "Select whether the victim consents",
        "narrative": "Enter what happened",
    }.get(name)


def _tidy(errors: list[FieldError]) -> list[FieldError]:
    return [FieldError(e.field, _better(e.field) or e.message) for e in errors]
