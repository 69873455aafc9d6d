"""What a reader of a case sees of its parts (labels the panel reads, not stored values),
and the API's read of one case built from plain rows.

The API's read (`case_view`) runs on every request for a case, so it builds its answer
once: plain dicts from the rows of `repository.case_rows`, validated a single time as the
response model (pydantic-core, no Python per field). The service's `get_case`, which the
pages use, builds the same view from mapped objects; tests/cases/test_read_rows.py holds
the two to the same bytes and the same access-log row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from riskpanel.access.visible import visible_case
from riskpanel.audit.cases import About, record_on
from riskpanel.cases import repository as repo
from riskpanel.cases.schemas import (
    AgencyCaseView,
    CaseDetail,
    CaseSummary,
    PersonBrief,
)
from riskpanel.kit.caller import Caller
from riskpanel.models import Case, RiskAssessment
from riskpanel.models.enums import AssessmentStanding, AuditAction

_SUMMARY = tuple(CaseSummary.model_fields)
_BRIEF = tuple(PersonBrief.model_fields)
_PANEL_EXTRA = ("route_evidence", "risk_score", "lead_agency_id", "strands_confirmed")


def view_of(row: RiskAssessment, names: dict[int, str]) -> str | None:
    """How the panel sees an agency's view: labelled as that agency's, never as the level."""
    if row.standing != AssessmentStanding.AGENCY_VIEW:
        return None
    return f"{names.get(row.agency_id or 0, 'An agency')}'s view"


def case_view(
    *, session: Session, caller: Caller, case_id: int
) -> tuple[Case, AgencyCaseView | CaseDetail]:
    """The case as the caller's role may see it, its read logged (the same event as the
    service's `get_case`)."""
    # Imported here: the service imports `view_of` from this module.
    from riskpanel.cases.service import AGENCY_FIELDS, PANEL_FIELDS

    principal = caller.principal
    case = visible_case(session, caller, case_id)
    assert case.id is not None
    panel = not principal.is_agency
    rows = repo.case_rows(session, case.id, panel=panel)
    body = _agency_body(case, rows)
    if panel:
        body |= _panel_body(case, rows)
    view = CaseDetail.model_validate(body) if panel else AgencyCaseView.model_validate(body)
    # last: on SQLite the audit row takes the write lock, held until the commit
    fields = PANEL_FIELDS if panel else AGENCY_FIELDS
    about = About.case(case)
    record_on(session, principal, AuditAction.CONSULTATION, "case_management", about, fields=fields)
    return case, view


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
