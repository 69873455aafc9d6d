"""What a referral carries in: the victim and household, the incidents, the perpetrators,
the narrative, the "why" answer and the consent basis.

Shape is checked here (unknown fields refused); the rules that need the whole referral
(a strand on every incident, a consent basis, nothing in the future, NCHI justification)
are checked by ``validate_referral`` below so each refusal names the field as the client sent it,
e.g. ``incidents[0].strands``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, Field

from riskpanel.assessments.schemas import AssessmentIn
from riskpanel.kit.errors import FieldError, InvalidInput
from riskpanel.kit.ids import DbId
from riskpanel.kit.schemas import InputModel, examples
from riskpanel.models.enums import IncidentKind, LawfulBasis, PerceivedBy
from riskpanel.risk import StrandCatalogue, StrandSelection, validate_strands

Name = Annotated[str | None, Field(max_length=200)]
REFERRAL = {
    "panel_id": 1,
    "victim": {
        "given_name": "Amara",
        "family_name": "Okafor",
        "date_of_birth": "1984-03-07",
        "address_line": "14 Riverside Walk",
        "postcode": "TS1 4QP",
        "district": "Testshire North",
        "ward": "Riverside",
        "contact": {
            "phone": "07700 900123",
            "safe_to_contact": True,
            "preferences": {"method": "phone", "times": "after 6pm"},
        },
        "lawful_basis": "consent",
    },
    "household": {"children_present": False},
    "incidents": [
        {
            "kind": "crime",
            "occurred_on": "2026-11-28",
            "reported_at": "2026-11-28T18:30:00Z",
            "district": "Testshire North",
            "ward": "Riverside",
            "place": "Outside the shop on Mill Lane",
            "strands": ["race"],
            "perceived_by": "victim",
            "crime_reference": "CR/48213/26",
            "description": "Shouted at and spat at by two neighbours on the way home.",
        }
    ],
    "perpetrators": [
        {"known": True, "given_name": "Gary", "family_name": "Hollins", "lives_nearby": True}
    ],
    "narrative": "Third incident since September; the victim no longer uses the local shop.",
    "why_answer": "Because of the colour of my skin.",
    "consent": {"victim_aware": True, "victim_consents": True},
}


class ContactIn(InputModel):
    """Safe contact details: only what is safe to use, and how the victim wants contact."""

    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=320)
    safe_to_contact: bool = True
    preferences: dict[str, Any] = Field(
        default_factory=dict,
        description='How and when to make contact, e.g. {"method": "phone", "times": "after 6pm"}',
    )


class CommunicationIn(InputModel):
    language: str | None = Field(None, max_length=50)
    interpreter_needed: bool = False
    accessibility_needs: str | None = Field(None, max_length=2000)


class DemographicsIn(InputModel):
    """Special category data: held only with ``special_category_basis`` recorded."""

    sex: str | None = Field(None, max_length=20)
    ethnicity: str | None = Field(None, max_length=100)
    nationality: str | None = Field(None, max_length=100)
    religion: str | None = Field(None, max_length=100)
    sexual_orientation: str | None = Field(None, max_length=100)
    gender_identity: str | None = Field(None, max_length=100)
    disability: str | None = Field(None, max_length=300)


class VictimIn(InputModel):
    given_name: Name = None
    family_name: Name = None
    aliases: list[str] = Field(default_factory=list, max_length=20)
    date_of_birth: date | None = None
    address_line: str | None = Field(None, max_length=300)
    postcode: str | None = Field(None, max_length=10)
    district: str | None = Field(None, max_length=100)
    ward: str | None = Field(None, max_length=100)
    contact: ContactIn = Field(default_factory=ContactIn)
    communication: CommunicationIn = Field(default_factory=CommunicationIn)
    demographics: DemographicsIn = Field(default_factory=DemographicsIn)
    lawful_basis: LawfulBasis = Field(description="The basis for processing the victim's data")
    special_category_basis: str | None = Field(
        None, max_length=100, description="Required when any demographic field is given"
    )
    consent_scope: str | None = Field(None, max_length=2000)


class HouseholdMemberIn(InputModel):
    given_name: Name = None
    family_name: Name = None
    date_of_birth: date | None = None
    relationship_to_victim: str | None = Field(None, max_length=100)
    is_child: bool = False
    vulnerable: bool = False


class HouseholdIn(InputModel):
    children_present: bool = False
    other_vulnerable_people: bool = False
    notes: str | None = Field(None, max_length=4000)
    members: list[HouseholdMemberIn] = Field(default_factory=list, max_length=20)


class IncidentIn(InputModel):
    kind: IncidentKind = Field(description="crime or non_crime_hate_incident")
    occurred_on: date
    reported_at: AwareDatetime = Field(description="When it was reported (the Victims' Code clock)")
    district: str | None = Field(None, max_length=100)
    ward: str | None = Field(None, max_length=100)
    place: str | None = Field(None, max_length=300, description="Where, e.g. a street or shop")
    strands: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="One or more of the five monitored strands, plus local extras",
    )
    perceived_by: PerceivedBy = Field(description="Whose perception of hostility")
    online: bool = False
    platform: str | None = Field(None, max_length=100)
    handle: str | None = Field(None, max_length=200, description="The account used, if online")
    crime_reference: str | None = Field(None, max_length=60)
    description: str | None = Field(None, max_length=8000)


class PerpetratorIn(InputModel):
    known: bool = Field(description="Is the person (or group) identified?")
    is_group: bool = False
    group_description: str | None = Field(None, max_length=2000)
    given_name: Name = None
    family_name: Name = None
    aliases: list[str] = Field(default_factory=list, max_length=20, description="Nicknames")
    date_of_birth: date | None = None
    address_line: str | None = Field(None, max_length=300)
    postcode: str | None = Field(None, max_length=10)
    relationship_to_victim: str | None = Field(None, max_length=100)
    lives_nearby: bool | None = None
    nchi_justification: str | None = Field(
        None,
        max_length=4000,
        description="NCHI Code of Practice 2023: why the subject's personal data is recorded",
    )


class ConsentIn(InputModel):
    victim_aware: bool
    victim_consents: bool
    sharing_without_consent_reason: str | None = Field(None, max_length=4000)


class VictimsCodeIn(InputModel):
    enhanced_rights: bool = Field(True, description="Hate crime victims have enhanced rights")
    support_opt_out: bool = Field(False, description="The victim opted out of a support referral")


class ReferralCreate(InputModel):
    model_config = examples(REFERRAL)

    panel_id: DbId | None = Field(None, description="Required for agencies; coordinators: theirs")
    victim: VictimIn
    household: HouseholdIn = Field(default_factory=HouseholdIn)
    incidents: list[IncidentIn] = Field(min_length=1, max_length=50)
    perpetrators: list[PerpetratorIn] = Field(default_factory=list, max_length=20)
    narrative: str = Field(min_length=1, max_length=20000)
    why_answer: str = Field(
        "", max_length=4000, description='The answer to "why do you think they did this?"'
    )
    consent: ConsentIn
    community_trigger: bool = False
    victims_code: VictimsCodeIn = Field(default_factory=VictimsCodeIn)
    assessment: AssessmentIn | None = None


class FlagCorrection(InputModel):
    incident_id: DbId
    strands: list[str] = Field(default_factory=list, max_length=10)


class FlagDecisionIn(InputModel):
    model_config = examples(
        {
            "corrections": [{"incident_id": 31, "strands": ["religion"]}],
            "note": "The victim told the officer it was about her headscarf.",
        }
    )

    corrections: list[FlagCorrection] = Field(
        default_factory=list, description="Incidents whose strands change; others confirmed"
    )
    note: str | None = Field(None, max_length=2000, description="Why (kept on the referral)")


class ScreeningDecision(StrEnum):
    OPEN_CASE = "open_case"
    ATTACH = "attach"
    REQUEST_INFO = "request_info"
    INFO_RECEIVED = "info_received"
    ACCEPT = "accept"
    REJECT = "reject"
    RECONSIDER = "reconsider"
    WITHDRAW = "withdraw"


class ScreeningIn(InputModel):
    model_config = examples(
        {"decision": "open_case"},
        {"decision": "accept", "route": "high_risk", "reason": "Third incident in three months."},
        {"decision": "attach", "case_id": 7},
    )

    decision: ScreeningDecision
    case_id: DbId | None = Field(None, description="attach: the existing case")
    route: str | None = Field(None, max_length=40, description="accept: the route into the panel")
    reason: str | None = Field(None, max_length=4000)


class ReconsiderationIn(InputModel):
    model_config = examples({"reason": "A fourth incident was reported on 2 December."})

    reason: str = Field(min_length=1, max_length=4000)


CLOCK_SKEW = timedelta(minutes=5)
EARLIEST = date(1900, 1, 1)  # older dates are typing slips (and break time zone arithmetic)


def _strands(
    i: int, incident: IncidentIn, catalogue: StrandCatalogue
) -> tuple[StrandSelection | None, list[FieldError]]:
    field = f"incidents[{i}].strands"
    if not incident.strands:
        return None, [FieldError(field, "select at least one hate crime strand")]
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
