"""What erasure does to each table: anonymise in place, as data.

Rows stay (so foreign keys, counts and the access log still add up); names, contact
details, special category data and free text are replaced. Each entry names the table,
how its rows hang off the erased record, and the new values; the audit event lists the
``table.field`` names that were cleared, never their old values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlmodel import SQLModel, col

from riskpanel.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    CaseHistory,
    CasePerson,
    Incident,
    LateListing,
    LegalHold,
    MinuteEntry,
    Person,
    Referral,
    ResearchItem,
    ResearchReturn,
    RiskAssessment,
    SharedInformation,
    SupportReferral,
    VictimEntitlement,
    VictimUpdate,
)

ERASED = "[erased under the retention policy]"


@dataclass(frozen=True)
class Scrub:
    model: type[SQLModel]
    values: dict[str, Any]
    where: Callable[[list[int]], ColumnElement[bool]]

    @property
    def field_names(self) -> list[str]:
        table = str(getattr(self.model, "__tablename__", self.model.__name__))
        return [f"{table}.{name}" for name in self.values]


def _ids(column: Any, ids: list[int]) -> ColumnElement[bool]:
    return col(column).in_(ids)


def _via(column: Any, parent: Select[Any]) -> ColumnElement[bool]:
    return col(column).in_(parent)


REFERRAL_TEXT: dict[str, Any] = {
    "narrative": ERASED,
    "why_answer": ERASED,
    "household_notes": None,
    "sharing_without_consent_reason": None,
    "flag_check": {},
    "parties": None,
}
INCIDENT_TEXT: dict[str, Any] = {
    "location": None,
    "location_key": None,
    "handle": None,
    "handle_key": None,
    "crime_reference": None,
    "description": None,
}

CASE_PLAN: tuple[Scrub, ...] = (
    Scrub(Referral, REFERRAL_TEXT, lambda ids: _ids(Referral.case_id, ids)),
    Scrub(Incident, INCIDENT_TEXT, lambda ids: _ids(Incident.case_id, ids)),
    Scrub(Action, {"description": ERASED, "outcome": None}, lambda ids: _ids(Action.case_id, ids)),
    Scrub(
        ActionUpdate,
        {"note": None, "outcome": None, "reason": None},
        lambda ids: _via(
            ActionUpdate.action_id, select(col(Action.id)).where(_ids(Action.case_id, ids))
        ),
    ),
    Scrub(ResearchReturn, {"withheld": []}, lambda ids: _ids(ResearchReturn.case_id, ids)),
    Scrub(
        ResearchItem,
        {"text": ERASED},
        lambda ids: _via(
            ResearchItem.research_return_id,
            select(col(ResearchReturn.id)).where(_ids(ResearchReturn.case_id, ids)),
        ),
    ),
    Scrub(
        MinuteEntry,
        {"decision_notes": None, "victim_views": None, "safety_plan": None},
        lambda ids: _ids(MinuteEntry.case_id, ids),
    ),
    Scrub(LateListing, {"reason": ERASED}, lambda ids: _ids(LateListing.case_id, ids)),
    Scrub(
        LegalHold,
        {"reason": ERASED, "lift_reason": None},
        lambda ids: _ids(LegalHold.case_id, ids),
    ),
    Scrub(
        SharedInformation,
        {"text": ERASED},
        lambda ids: _via(
            SharedInformation.minute_entry_id,
            select(col(MinuteEntry.id)).where(_ids(MinuteEntry.case_id, ids)),
        ),
    ),
    Scrub(
        VictimEntitlement,
        {"needs_outcome": None, "update_schedule": None},
        lambda ids: _ids(VictimEntitlement.case_id, ids),
    ),
    Scrub(
        SupportReferral, {"declined_reason": None}, lambda ids: _ids(SupportReferral.case_id, ids)
    ),
    Scrub(VictimUpdate, {"summary": None}, lambda ids: _ids(VictimUpdate.case_id, ids)),
    Scrub(CaseHistory, {"reason": None, "fields": {}}, lambda ids: _ids(CaseHistory.case_id, ids)),
    Scrub(
        RiskAssessment, {"judgement_reason": None}, lambda ids: _ids(RiskAssessment.case_id, ids)
    ),
    Scrub(
        CasePerson,
        {"relationship_to_victim": None, "group_description": None},
        lambda ids: _ids(CasePerson.case_id, ids),
    ),
    Scrub(AgendaItem, {"title": ERASED}, lambda ids: _ids(AgendaItem.case_id, ids)),
)

REFERRAL_PLAN: tuple[Scrub, ...] = (
    Scrub(Referral, REFERRAL_TEXT, lambda ids: _ids(Referral.id, ids)),
    Scrub(Incident, INCIDENT_TEXT, lambda ids: _ids(Incident.referral_id, ids)),
    Scrub(
        RiskAssessment,
        {"judgement_reason": None},
        lambda ids: _ids(RiskAssessment.referral_id, ids),
    ),
)

PERSON_VALUES: dict[str, Any] = {
    "given_name": None,
    "family_name": None,
    "aliases": [],
    "date_of_birth": None,
    "sex": None,
    "ethnicity": None,
    "nationality": None,
    "religion": None,
    "sexual_orientation": None,
    "gender_identity": None,
    "disability": None,
    "special_category_basis": None,
    "address_line": None,
    "postcode": None,
    "ward": None,
    "phone": None,
    "email": None,
    "contact_preferences": {},
    "language": None,
    "accessibility_needs": None,
    "consent_scope": None,
    "nchi_justification": None,
    "name_key": None,
}
PERSON_PLAN: tuple[Scrub, ...] = (Scrub(Person, PERSON_VALUES, lambda ids: _ids(Person.id, ids)),)
