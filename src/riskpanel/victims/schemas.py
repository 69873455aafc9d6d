"""API models for the Victims' Code record."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, Field

from riskpanel.kit.schemas import InputModel, examples
from riskpanel.models.enums import ConsentStatus, LawfulBasis

ENTITLEMENT = {
    "case_id": 7,
    "person_id": 12,
    "enhanced_rights": True,
    "category": "hate_crime",
    "reported_at": "2026-11-28T18:30:00Z",
    "needs_assessed_at": "2026-12-01T11:00:00Z",
    "needs_outcome": "Wants updates by phone; no court support needed yet.",
    "support_opt_out": False,
    "update_schedule": "weekly by phone",
    "support_referral_due_at": "2026-11-30T18:30:00Z",
    "key_update_due_at": "2026-12-08T16:40:00Z",
    "lead_agency_id": 2,
    "deadlines": [
        {
            "kind": "support_referral",
            "referral_id": 19,
            "referral_reference": "REF-2026-000019",
            "due_at": "2026-11-30T18:30:00Z",
            "status": "met",
        }
    ],
    "support_referrals": [
        {
            "id": 5,
            "case_id": 7,
            "service": "Testshire Victim Support",
            "status": "declined",
            "declined_reason": "Already supported by her GP's wellbeing service.",
            "at": "2026-11-29T10:15:00Z",
        }
    ],
    "updates": [
        {
            "id": 9,
            "case_id": 7,
            "kind": "arrest",
            "method": "phone",
            "given_at": "2026-12-03T16:40:00Z",
            "summary": "Told that one suspect was arrested this morning.",
            "created_at": "2026-12-03T16:45:00Z",
        }
    ],
    "etag": '"case-7-v5"',
}


class SupportStatus(StrEnum):
    MADE = "made"
    DECLINED = "declined"


class UpdateKind(StrEnum):
    """Key updates (Victims' Code right 6) first, then other information given."""

    ARREST = "arrest"
    INTERVIEW = "interview"
    CHARGE = "charge"
    BAIL = "bail"
    NO_FURTHER_ACTION = "no_further_action"
    NOT_INVESTIGATING = "not_investigating"
    COURT = "court"
    CASE_PROGRESS = "case_progress"
    PANEL_OUTCOME = "panel_outcome"
    SAFETY_PLAN = "safety_plan"
    OTHER = "other"


class UpdateMethod(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in_person"
    TEXT_MESSAGE = "text_message"
    VIDEO_CALL = "video_call"
    VIA_ADVOCATE = "via_advocate"


class SupportReferralIn(InputModel):
    model_config = examples(
        {"status": "made", "service": "Testshire Victim Support", "at": "2026-12-02T10:15:00Z"},
        {
            "status": "declined",
            "service": "Testshire Victim Support",
            "at": "2026-12-02T10:15:00Z",
            "declined_reason": "Already supported by her GP.",
        },
    )

    status: SupportStatus = Field(description="made, or declined by the victim")
    service: str = Field(min_length=1, max_length=200, description="The support service")
    at: AwareDatetime = Field(description="When the referral was made or declined")
    declined_reason: str | None = Field(None, max_length=2000)


class VictimUpdateIn(InputModel):
    model_config = examples(
        {
            "kind": "arrest",
            "method": "phone",
            "given_at": "2026-12-03T16:40:00Z",
            "summary": "Told that one suspect was arrested this morning.",
        }
    )

    kind: UpdateKind
    method: UpdateMethod
    given_at: AwareDatetime = Field(description="Date and time the victim was told")
    summary: str | None = Field(None, max_length=4000)


class EntitlementIn(InputModel):
    model_config = examples(
        {
            "enhanced_rights": True,
            "category": "hate_crime",
            "needs_assessed_at": "2026-12-01T11:00:00Z",
            "needs_outcome": "Wants updates by phone; no court support needed yet.",
            "update_schedule": "weekly by phone",
            "lead_agency_id": 2,
        }
    )

    enhanced_rights: bool = Field(True, description="Hate crime victims have enhanced rights")
    category: str = Field("hate_crime", min_length=1, max_length=60)
    needs_assessed_at: AwareDatetime | None = None
    needs_outcome: str | None = Field(None, max_length=4000)
    support_opt_out: bool = Field(False, description="The victim opted out of a support referral")
    update_schedule: str | None = Field(
        None, max_length=200, description='The agreed update schedule, e.g. "weekly by phone"'
    )
    lead_agency_id: int | None = Field(
        None,
        ge=1,
        le=2**31 - 1,
        description="The agency recorded as the victim's lead contact: a current member of "
        "the case's panel. Set or cleared (null) by the panel's coordinator or chair only; "
        "leave it out to keep the current one.",
    )


class SupportReferralOut(BaseModel):
    id: int
    case_id: int
    service: str
    status: str
    declined_reason: str | None
    at: datetime


class VictimUpdateOut(BaseModel):
    id: int
    case_id: int
    kind: str
    method: str
    given_at: datetime
    summary: str | None
    created_at: datetime


class DeadlineStatus(BaseModel):
    kind: str
    referral_id: int
    referral_reference: str
    due_at: datetime | None
    status: str = Field(description="met, pending, overdue, opted_out or not_applicable")


class EntitlementOut(BaseModel):
    model_config = examples(ENTITLEMENT)

    case_id: int
    person_id: int | None
    enhanced_rights: bool
    category: str
    reported_at: datetime | None
    needs_assessed_at: datetime | None
    needs_outcome: str | None
    support_opt_out: bool
    update_schedule: str | None
    support_referral_due_at: datetime | None
    key_update_due_at: datetime | None
    lead_agency_id: int | None = None
    deadlines: list[DeadlineStatus] = []
    support_referrals: list[SupportReferralOut] = []
    updates: list[VictimUpdateOut] = []
    etag: str | None = None


class OverdueItem(BaseModel):
    kind: str
    due_at: datetime
    referral_id: int
    referral_reference: str
    case_id: int | None
    case_reference: str | None
    tick_fired: bool = Field(description="True once `riskpanel tick` has raised it")


class OverdueList(BaseModel):
    panel_id: int
    items: list[OverdueItem]


CONTACT = {
    "phone": "07700 900123",
    "email": "amara.okafor@example.org",
    "address_line": "14 Riverside Walk",
    "postcode": "TS1 4QP",
    "safe_to_contact": True,
    "preferences": {"method": "phone", "times": "after 6pm"},
    "consent_status": "given",
    "consent_scope": "Share with the panel's member agencies for her safety plan.",
    "lawful_basis": "consent",
}


WITHDRAWN_NEXT_STEP = (
    "The victim has withdrawn consent. The case stays open: if the panel cannot keep sharing "
    "on the basis recorded, the coordinator or chair should withdraw the case from the case "
    "page, giving the reason."
)


class VictimContactIn(InputModel):
    """The whole contact and consent record, replaced as one (what intake took, corrected).

    ``lawful_basis`` ``consent`` needs ``consent_status`` ``given``: once the victim refuses
    or withdraws consent the panel shares only on another basis it records here."""

    model_config = examples(CONTACT)

    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=320)
    address_line: str | None = Field(None, max_length=300)
    postcode: str | None = Field(None, max_length=10)
    safe_to_contact: bool = Field(
        True, description="False when contact could put the victim at risk (no messages)"
    )
    preferences: dict[str, str] = Field(
        default_factory=dict,
        description='How and when to make contact, e.g. {"method": "phone", "times": "after 6pm"}',
    )
    consent_status: ConsentStatus = Field(
        description="given, refused, withdrawn or not_asked: consent to multi-agency sharing"
    )
    consent_scope: str | None = Field(None, max_length=2000)
    lawful_basis: LawfulBasis = Field(description="The basis for sharing the victim's data")


class VictimContactOut(BaseModel):
    model_config = examples(
        {
            **CONTACT,
            "person_id": 12,
            "consent_status": "withdrawn",
            "lawful_basis": "safeguarding",
            "etag": '"victim-12-v2913043"',
            "next_step": WITHDRAWN_NEXT_STEP,
        }
    )

    person_id: int
    phone: str | None
    email: str | None
    address_line: str | None
    postcode: str | None
    safe_to_contact: bool
    preferences: dict[str, str]
    consent_status: str
    consent_scope: str | None
    lawful_basis: str | None
    etag: str
    next_step: str | None = Field(
        None,
        description="What the panel should do now, when the change calls for it "
        "(consent withdrawn from an open case: the case is not withdrawn by this change)",
    )
