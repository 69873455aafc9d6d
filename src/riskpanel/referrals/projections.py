"""What a referral looks like going out, and building it from the stored rows (no audit
here: the callers log).

The referring agency sees what it sent (identity as the agency-facing brief), the status,
the flag check on its own words and the routes found; it never sees match suggestions or
provisional links to other cases, which would tell it about people it did not refer.
Panel roles see the whole record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import Session

from riskpanel.assessments import projections as assessment_projections
from riskpanel.assessments import repository as assessment_repo
from riskpanel.assessments.schemas import AssessmentOut
from riskpanel.assessments.service import checklist_for
from riskpanel.cases.schemas import (
    INCIDENT,
    VICTIM,
    IncidentView,
    PersonBrief,
    PersonFull,
    StrandView,
)
from riskpanel.config import Settings
from riskpanel.kit.schemas import examples
from riskpanel.kit.text import full_name
from riskpanel.models import Case, Person, Referral
from riskpanel.people import repository as people_repo
from riskpanel.people.schemas import MatchOut
from riskpanel.people.service import match_out
from riskpanel.referrals import repository as repo

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


AGENCY_FIELDS = [
    "victim",
    "household",
    "parties",
    "incidents",
    "narrative",
    "why_answer",
    "consent",
    "flag_check",
    "routes",
    "victims_code",
]
PANEL_FIELDS = [
    *AGENCY_FIELDS,
    "victim_special_category",
    "victim_contact",
    "matches",
    "assessment",
]


def summary(referral: Referral) -> ReferralSummary:
    decision = referral.route_decision or {}
    routes = [r for r in decision.get("routes", []) if not r.get("provisional")]
    derived = {
        "primary_route": next((r["kind"] for r in routes if r.get("primary")), None),
        "flags_clean": (referral.flag_check or {}).get("clean"),
    }
    base = ReferralSummary.model_validate(referral, from_attributes=True)
    return base.model_copy(update=derived)


def _incidents(session: Session, referral_id: int) -> list[IncidentView]:
    rows = repo.incidents_of(session, referral_id)
    strands = repo.strands_of(session, [i.id or 0 for i in rows])
    return [
        IncidentView.model_validate(i).model_copy(
            update={
                "strands": [
                    StrandView(strand=s.strand, monitored=s.monitored)
                    for s in sorted(strands[i.id or 0], key=lambda s: s.strand)
                ]
            }
        )
        for i in rows
    ]


def _parties(session: Session, referral: Referral) -> list[PartyView]:
    out = []
    for party in referral.parties or []:
        person = session.get(Person, party["person_id"]) if party.get("person_id") else None
        out.append(
            PartyView(
                role=party["role"],
                person=PersonBrief.model_validate(person) if person else None,
                known=bool(party.get("known", True)),
                is_group=bool(party.get("is_group")),
                group_description=party.get("group_description"),
                relationship_to_victim=party.get("relationship_to_victim"),
                lives_nearby=party.get("lives_nearby"),
                is_child=bool(party.get("is_child")),
            )
        )
    return out


def agency_view(session: Session, referral: Referral) -> ReferralView:
    decision: dict[str, Any] = referral.route_decision or {}
    victim = session.get(Person, referral.victim_person_id)
    return ReferralView(
        **summary(referral).model_dump(),
        victim=PersonBrief.model_validate(victim) if victim else None,
        household=HouseholdView(
            children_in_household=referral.children_in_household,
            vulnerable_adults_in_household=referral.vulnerable_adults_in_household,
            notes=referral.household_notes,
        ),
        parties=_parties(session, referral),
        incidents=_incidents(session, referral.id or 0),
        narrative=referral.narrative,
        why_answer=referral.why_answer,
        consent=ConsentView(
            victim_aware=referral.victim_aware,
            victim_consents=referral.victim_consents,
            sharing_without_consent_reason=referral.sharing_without_consent_reason,
        ),
        community_trigger=referral.community_trigger,
        flag_check=dict(referral.flag_check or {}),
        routes=[r for r in decision.get("routes", []) if not r.get("provisional")],
        route_notes=list(decision.get("notes", [])),
        victims_code=dict(referral.victims_code or {}),
        reconsideration_requests=list(decision.get("reconsideration_requests", [])),
    )


def panel_view(session: Session, referral: Referral, settings: Settings) -> ReferralDetail:
    base = agency_view(session, referral)
    decision: dict[str, Any] = referral.route_decision or {}
    victim = session.get(Person, referral.victim_person_id)
    matches = [
        match_out(session, m, referral.victim_person_id, referral.panel_id)
        for m in people_repo.matches_of(session, [referral.victim_person_id])
    ]
    row = repo.assessment_of(session, referral.id or 0)
    assessment = None
    if row is not None:
        answers = assessment_repo.answers_of(session, [row.id or 0])[row.id or 0]
        assessment = assessment_projections.to_out(row, answers, checklist_for(settings))
    return ReferralDetail(
        **base.model_dump(exclude={"routes", "route_notes"}),
        routes=list(decision.get("routes", [])),
        route_notes=[*decision.get("notes", []), *decision.get("provisional_notes", [])],
        victim_full=PersonFull.model_validate(victim) if victim else None,
        flags_decided_by_user_id=referral.flags_decided_by_user_id,
        matches=matches,
        assessment=assessment,
    )


def case_brief(case: Case | None) -> CaseBrief | None:
    if case is None:
        return None
    return CaseBrief.model_validate(case, from_attributes=True)


@dataclass(frozen=True)
class ReferralListRow:
    """A row of the web's referral list: the summary, the victim's name for the roles that
    may see names, and the risk level of the case the referral became (if it did)."""

    referral: ReferralSummary
    victim_name: str | None
    risk_level: str | None

    @classmethod
    def of(cls, row: tuple[Referral, Person | None, str | None], names: bool) -> ReferralListRow:
        referral, person, risk = row
        return cls(summary(referral), full_name(person) if names else None, risk)
