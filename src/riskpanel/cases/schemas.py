"""Case views. Agencies get a projection without special category data, safe contact
details or other agencies' research; panel roles get the whole record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from riskpanel.kit.schemas import InputModel, OutputModel, examples

CASE = {
    "id": 7,
    "reference": "HC-2026-0007",
    "panel_id": 1,
    "state": "closed",
    "workflow_name": "hate_crime_panel",
    "workflow_version": 1,
    "route": "high_risk",
    "risk_level": "high",
    "children_in_household": False,
    "opened_at": "2026-11-29T09:30:00Z",
    "last_referral_at": "2026-11-28T18:45:00Z",
    "last_hearing_at": "2026-12-04T10:00:00Z",
    "closed_at": "2027-03-11T12:00:00Z",
}
VICTIM = {
    "id": 12,
    "given_name": "Amara",
    "family_name": "Okafor",
    "aliases": [],
    "date_of_birth": "1984-03-07",
    "address_line": "14 Riverside Walk",
    "postcode": "TS1 4QP",
    "district": "Testshire North",
}
INCIDENT = {
    "id": 31,
    "kind": "crime",
    "occurred_on": "2026-11-28",
    "reported_at": "2026-11-28T18:30:00Z",
    "district": "Testshire North",
    "ward": "Riverside",
    "online": True,
    "platform": "Facebook",
    "crime_reference": "CR/48213/26",
    "perceived_by": "victim",
    "strands": [{"strand": "race", "monitored": True}],
}
AGENCY_CASE = {
    **CASE,
    "victim": VICTIM,
    "parties": [],
    "incidents": [INCIDENT],
    "narrative": "Third incident since September; the victim no longer uses the local shop.",
}


class StrandView(BaseModel):
    strand: str
    monitored: bool


class IncidentView(OutputModel):
    id: int
    kind: str
    occurred_on: date
    reported_at: datetime
    district: str | None
    ward: str | None
    online: bool
    platform: str | None
    crime_reference: str | None
    perceived_by: str
    strands: list[StrandView] = []


class PersonBrief(OutputModel):
    """Identity an agency needs to research its own records."""

    id: int
    given_name: str | None
    family_name: str | None
    aliases: list[str]
    date_of_birth: date | None
    address_line: str | None
    postcode: str | None
    district: str | None


class PersonFull(PersonBrief):
    sex: str | None
    ethnicity: str | None
    nationality: str | None
    religion: str | None
    sexual_orientation: str | None
    gender_identity: str | None
    disability: str | None
    special_category_basis: str | None
    phone: str | None
    email: str | None
    safe_to_contact: bool
    contact_preferences: dict[str, Any]
    language: str | None
    interpreter_needed: bool
    accessibility_needs: str | None
    consent_status: str
    consent_scope: str | None
    lawful_basis: str | None


class CaseParty(BaseModel):
    role: str
    person: PersonBrief | None
    known: bool
    is_group: bool
    group_description: str | None
    relationship_to_victim: str | None
    lives_nearby: bool | None
    is_child: bool


class HistoryEntry(OutputModel):
    from_state: str
    to_state: str
    trigger: str
    actor_label: str
    reason: str | None
    at: datetime
    workflow_version: int


class AssessmentView(OutputModel):
    id: int
    checklist_name: str
    checklist_version: int
    score: int
    actuarial_level: str
    level: str
    judgement_reason: str | None
    assessed_at: datetime
    standing: str = "decision"  # or "agency_view": information, never the case's level
    agency_id: int | None = None
    view_of: str | None = None  # "<agency>'s view" for an agency's view


class CaseSummary(OutputModel):
    model_config = examples(CASE)

    id: int
    reference: str
    panel_id: int
    state: str
    workflow_name: str
    workflow_version: int
    route: str | None
    risk_level: str | None
    children_in_household: bool
    opened_at: datetime
    last_referral_at: datetime
    last_hearing_at: datetime | None
    closed_at: datetime | None


class AgencyCaseView(CaseSummary):
    """What a partner agency receives: no special category data, no others' research."""

    model_config = examples(AGENCY_CASE)

    victim: PersonBrief | None = None
    parties: list[CaseParty] = []
    incidents: list[IncidentView] = []
    narrative: str = ""


class CaseDetail(AgencyCaseView):
    model_config = examples(
        {
            **AGENCY_CASE,
            "route_evidence": [{"kind": "high_risk", "evidence": "Checklist score 15"}],
            "risk_score": 15,
            "lead_agency_id": 2,
            "strands_confirmed": True,
            "why_answer": "Because of the colour of my skin.",
            "history": [
                {
                    "from_state": "listed",
                    "to_state": "heard",
                    "trigger": "hear",
                    "actor_label": "Sam Carter (coordinator)",
                    "reason": "Heard at the December panel.",
                    "at": "2026-12-04T11:20:00Z",
                    "workflow_version": 1,
                }
            ],
        }
    )

    victim_full: PersonFull | None = None
    route_evidence: list[dict[str, Any]] = []
    risk_score: int | None = None
    lead_agency_id: int | None = None  # the victim's lead contact agency, for the panel
    strands_confirmed: bool = False
    why_answer: str = ""
    assessments: list[AssessmentView] = []
    history: list[HistoryEntry] = []


class CasePage(BaseModel):
    model_config = examples({"items": [CASE], "next_cursor": "eyJpZCI6IDd9"})

    items: list[CaseSummary]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page")


class CaseListQuery(InputModel):
    state: str | None = None
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = None


class TransitionRequest(InputModel):
    model_config = examples(
        {"trigger": "accept", "fields": {"route": "high_risk"}},
        {"trigger": "reject", "reason": "Not a hate incident: a dispute over parking."},
    )

    trigger: str = Field(min_length=1, max_length=60, description="The trigger to fire")
    reason: str | None = Field(None, max_length=2000, description="Why (required by some)")
    fields: dict[str, str | int | bool] = Field(
        default_factory=dict, description="Values the transition requires, e.g. `route`"
    )


class AvailableTriggerView(BaseModel):
    trigger: str
    label: str
    dest: str
    requires: list[str]
    reason_required: bool
    blocked_by: str | None = Field(
        None, description="A guard that would refuse it now, and its reason (`guard: why`)"
    )
    reason_label: str = Field("Reason", description="The question over the reason box")
    refusal: str | None = Field(
        None, description="What a person reads when the guard in `blocked_by` refuses"
    )


class TransitionsView(BaseModel):
    case_id: int
    state: str
    state_label: str
    workflow_name: str
    workflow_version: int
    etag: str
    available: list[AvailableTriggerView]
    history: list[HistoryEntry]


class WorkflowSummary(BaseModel):
    name: str
    version: int
    title: str
    description: str


class WorkflowView(WorkflowSummary):
    definition: dict[str, Any]
    mermaid: str


@dataclass(frozen=True)
class CaseListRow:
    """A row of the web's case list: the case, and its victim's name for the roles that may
    see names (``None`` otherwise, or when no name was given)."""

    case: CaseSummary
    victim_name: str | None
