"""What a reader of a case sees of its parts (labels the panel reads, not stored values),
and one case's view built from plain rows.

Every API read and case page builds a case's view, so it is built once: plain dicts from
the rows of `repository.case_rows`, validated a single time as the response model
(pydantic-core, no Python per field) instead of ~25 mapped objects copied field by field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from riskpanel.cases import repository as repo
from riskpanel.cases.schemas import (
    AgencyCaseView,
    CaseDetail,
    CaseSummary,
    PersonBrief,
)
from riskpanel.models import Case, RiskAssessment
from riskpanel.models.enums import AssessmentStanding

_SUMMARY = tuple(CaseSummary.model_fields)
_BRIEF = tuple(PersonBrief.model_fields)
_PANEL_EXTRA = ("route_evidence", "risk_score", "lead_agency_id", "strands_confirmed")


def view_of(row: RiskAssessment, names: dict[int, str]) -> str | None:
    """How the panel sees an agency's view: labelled as that agency's, never as the level."""
    if row.standing != AssessmentStanding.AGENCY_VIEW:
        return None
    return f"{names.get(row.agency_id or 0, 'An agency')}'s view"


def case_detail(case: Case, rows: repo.CaseRows, *, panel: bool) -> AgencyCaseView | CaseDetail:
    """The panel's view of the case or an agency's, validated once from plain dicts."""
    body = _agency_body(case, rows)
    if not panel:
        return AgencyCaseView.model_validate(body)
    return CaseDetail.model_validate(body | _panel_body(case, rows))


def _person(row: repo.AnyRow, names: Sequence[str]) -> dict[str, Any] | None:
    mapping = row._mapping
    if mapping["person_id"] is None:
        return None
    return {name: mapping[f"person_{name}"] for name in names}


def _agency_body(case: Case, rows: repo.CaseRows) -> dict[str, Any]:
    """The agency's projection: no special category data, contact details or assessments."""
    first = rows.texts_and_parties[0]
    parties = [r for r in rows.texts_and_parties if r.party_id is not None]
    victim = next((r for r in parties if r.role == "victim" and r.person_id is not None), None)
    return {
        **{name: getattr(case, name) for name in _SUMMARY},
        "victim": _person(victim, _BRIEF) if victim else None,
        "parties": [
            {
                **{name: getattr(r, name) for name in repo.PARTY_COLUMNS},
                "person": _person(r, _BRIEF),
            }
            for r in parties
            if r.role != "victim"
        ],
        "incidents": _incidents(rows.incidents),
        "narrative": first.narrative or "",
    }


def _incidents(rows: repo.Rows) -> list[dict[str, Any]]:
    """Each incident with its strands, in the order they happened (one row per strand)."""
    grouped: dict[int, dict[str, Any]] = {}
    for row in rows:
        incident = grouped.get(row.id)
        if incident is None:
            incident = {name: getattr(row, name) for name in repo.INCIDENT_COLUMNS}
            incident["strands"] = []
            grouped[row.id] = incident
        if row.strand is not None:
            incident["strands"].append({"strand": row.strand, "monitored": row.monitored})
    return list(grouped.values())


def _panel_body(case: Case, rows: repo.CaseRows) -> dict[str, Any]:
    """What the panel's roles see besides: the whole victim record, assessments, history."""
    first = rows.texts_and_parties[0]
    victim = next((r for r in rows.texts_and_parties if r.role == "victim"), None)
    return {
        "victim_full": _person(victim, repo.PERSON_COLUMNS) if victim else None,
        **{name: getattr(case, name) for name in _PANEL_EXTRA},
        "why_answer": first.why_answer or "",
        "assessments": [_assessment(r) for r in rows.assessments],
        "history": [r._asdict() for r in rows.history],
    }


def _assessment(row: repo.AnyRow) -> dict[str, Any]:
    """An assessment; an agency's view is labelled as that agency's (see `view_of`)."""
    body = {name: getattr(row, name) for name in repo.ASSESSMENT_COLUMNS}
    if row.standing == AssessmentStanding.AGENCY_VIEW:
        name = row.agency_name
        body["view_of"] = f"{'An agency' if name is None else name}'s view"
    return body
