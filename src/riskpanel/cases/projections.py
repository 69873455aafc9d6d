"""What a reader of a case sees of its parts (labels the panel reads, not stored values)."""

from __future__ import annotations

from riskpanel.models import RiskAssessment
from riskpanel.models.enums import AssessmentStanding


def view_of(row: RiskAssessment, names: dict[int, str]) -> str | None:
    """How the panel sees an agency's view: labelled as that agency's, never as the level."""
    if row.standing != AssessmentStanding.AGENCY_VIEW:
        return None
    return f"{names.get(row.agency_id or 0, 'An agency')}'s view"
