"""What a referral looks like going out.

The referring agency sees what it sent (identity as the agency-facing brief), the status,
the flag check on its own words and the routes found; it never sees match suggestions or
provisional links to other cases, which would tell it about people it did not refer.
Panel roles see the whole record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from riskpanel.assessments.schemas import AssessmentOut
from riskpanel.cases.schemas import INCIDENT, VICTIM, IncidentView, PersonBrief, PersonFull
from riskpanel.kit.schemas import examples
from riskpanel.people.schemas import MatchOut

REFERRAL_VIEW = {
    "id": 19,
    "reference": "REF-2026-000019",
    "panel_id": 1,
    "status": "accepted",
    "received_at": "2026-11-28T18:45:00Z",
    "referring_agency_id": 2,
    "case_id": 7,
    "primary_route": "high_risk",
    "flags_clean": True,
    "victim": VICTIM,
    "household": {
        "children_in_household": False,
        "vulnerable_adults_in_household": False,
        "notes": "Lives alone; her sister visits most days.",
    },
    "parties": [],
    "incidents": [INCIDENT],
    "narrative": "Third incident since September; the victim no longer uses the local shop.",
    "why_answer": "Because of the colour of my skin.",
    "consent": {
        "victim_aware": True,
        "victim_consents": False,
        "sharing_without_consent_reason": "Threats to life: shared to keep her safe.",
    },
    "community_trigger": False,
    "routes": [{"kind": "high_risk", "evidence": "Third incident in three months"}],
    "route_notes": [],
    "reconsideration_requests": [],
}


REFERRAL_SUMMARY_KEYS = (
    "id",
    "reference",
    "panel_id",
    "status",
    "received_at",
    "referring_agency_id",
    "case_id",
    "primary_route",
    "flags_clean",
)


class PartyView(BaseModel):
    role: str
    person: PersonBrief | None = None
    known: bool = True
    is_group: bool = False
    group_description: str | None = None
    relationship_to_victim: str | None = None
    lives_nearby: bool | None = None
    is_child: bool = False


class ConsentView(BaseModel):
    victim_aware: bool
    victim_consents: bool
    sharing_without_consent_reason: str | None


class HouseholdView(BaseModel):
    children_in_household: bool
    vulnerable_adults_in_household: bool
    notes: str | None


class ReferralSummary(BaseModel):
    model_config = examples({k: REFERRAL_VIEW[k] for k in REFERRAL_SUMMARY_KEYS})

    id: int
    reference: str
    panel_id: int
    status: str
    received_at: datetime
    referring_agency_id: int | None
    case_id: int | None
    primary_route: str | None = None
    flags_clean: bool | None = None
    flags_decided_at: datetime | None = None


class ReferralView(ReferralSummary):
    """The referring agency's view."""

    model_config = examples(REFERRAL_VIEW)

    victim: PersonBrief | None = None
    household: HouseholdView
    parties: list[PartyView] = []
    incidents: list[IncidentView] = []
    narrative: str
    why_answer: str
    consent: ConsentView
    community_trigger: bool
    flag_check: dict[str, Any] = Field(default_factory=dict)
    routes: list[dict[str, Any]] = Field(
        default_factory=list, description="Routes into the panel found at intake, with evidence"
    )
    route_notes: list[str] = []
    victims_code: dict[str, Any] = Field(
        default_factory=dict, description="Victims' Code deadlines counted from the report"
    )
    reconsideration_requests: list[dict[str, Any]] = []


class ReferralDetail(ReferralView):
    """Panel roles: the whole record, with match suggestions and the assessment."""

    model_config = examples({**REFERRAL_VIEW, "flags_decided_by_user_id": 3, "matches": []})

    victim_full: PersonFull | None = None
    flags_decided_by_user_id: int | None = None
    matches: list[MatchOut] = []
    assessment: AssessmentOut | None = None


class ReferralPage(BaseModel):
    model_config = examples(
        {
            "items": [{k: REFERRAL_VIEW[k] for k in REFERRAL_SUMMARY_KEYS}],
            "next_cursor": "eyJpZCI6IDE5fQ",
        }
    )

    items: list[ReferralSummary]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page")


class CaseBrief(BaseModel):
    id: int
    reference: str
    state: str
    route: str | None
    route_evidence: list[dict[str, Any]]
    risk_level: str | None
    risk_score: int | None
    strands_confirmed: bool
    children_in_household: bool
    last_referral_at: datetime


class ScreeningOut(BaseModel):
    referral: ReferralSummary
    case: CaseBrief | None
    case_etag: str | None = None
    fired: list[str] = Field(default_factory=list, description="Triggers fired, in order")
