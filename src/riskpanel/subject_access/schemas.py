"""The shape of a subject access response (JSON, and the view the PDF is drawn from)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

REVIEW_NOTICE = (
    "DRAFT FOR REVIEW BEFORE RELEASE. Prepared by riskpanel for a subject access request. "
    "Other people's names and details have been replaced by their role; an information "
    "governance officer must check every section (including any exemption under the Data "
    "Protection Act 2018, e.g. s.45 for law enforcement processing) before it is released."
)


class ReferralEntry(BaseModel):
    reference: str
    received_at: datetime
    status: str
    referring_agency: str | None
    narrative: str | None
    why_answer: str | None


class IncidentEntry(BaseModel):
    kind: str
    occurred_on: date
    reported_at: datetime
    district: str | None
    online: bool
    platform: str | None
    strands: list[str]
    description: str | None


class AssessmentEntry(BaseModel):
    assessed_at: datetime
    checklist: str
    score: int
    level: str
    judgement_reason: str | None


class ActionEntry(BaseModel):
    reference: str
    agency: str | None
    description: str | None
    due_on: date
    progress: str


class VictimRecordEntry(BaseModel):
    kind: str
    at: datetime
    detail: str | None


class SharedEntry(BaseModel):
    agency: str | None
    kind: str
    text: str | None


class CaseSection(BaseModel):
    reference: str
    role: str = Field(description="The subject's role in this case")
    state: str
    opened_at: datetime
    closed_at: datetime | None
    risk_level: str | None
    other_people: list[str] = Field(description="Roles of the other people in the case")
    referrals: list[ReferralEntry] = []
    incidents: list[IncidentEntry] = []
    assessments: list[AssessmentEntry] = []
    actions: list[ActionEntry] = []
    victim_records: list[VictimRecordEntry] = []
    shared_at_meetings: list[SharedEntry] = []
    history: list[str] = []


class DisclosureEntry(BaseModel):
    at: datetime
    action: str
    purpose: str
    by_role: str
    by_agency: str | None
    recipients: list[str]
    about: str


class SubjectAccessReport(BaseModel):
    notice: str = REVIEW_NOTICE
    status: str = "draft_for_review"
    generated_at: datetime
    person_id: int
    person: dict[str, Any]
    cases: list[CaseSection]
    referrals_without_case: list[ReferralEntry] = Field(
        default_factory=list, description="Referrals naming the person that never became a case"
    )
    disclosures: list[DisclosureEntry]
    redactions: int = Field(0, description="How many names and details were removed")
