"""What a reader of a case sees of its parts (labels the panel reads, not stored values)."""

from __future__ import annotations

from typing import Protocol

from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PANEL_ROLES
from riskpanel.models import RiskAssessment
from riskpanel.models.enums import AssessmentStanding


def view_of(row: RiskAssessment, names: dict[int, str]) -> str | None:
    """How the panel sees an agency's view: labelled as that agency's, never as the level."""
    if row.standing != AssessmentStanding.AGENCY_VIEW:
        return None
    return f"{names.get(row.agency_id or 0, 'An agency')}'s view"


def sees_victim_names(principal: Principal) -> bool:
    """Who may read a victim's name in a list, and so search by it: the panel's officers
    (the full record) and an agency (the identity it needs to search its own records, as
    its case view gives it), on the cases each may see; no other role sees a name."""
    return principal.role in PANEL_ROLES or principal.is_agency


class Named(Protocol):
    """A person row or a person as a projection shows them."""

    @property
    def given_name(self) -> str | None: ...

    @property
    def family_name(self) -> str | None: ...


def full_name(person: Named | None) -> str | None:
    """A person's name as a list shows it ("Amara Okafor"), or None when none was given."""
    if person is None:
        return None
    return " ".join(p for p in (person.given_name, person.family_name) if p) or None
