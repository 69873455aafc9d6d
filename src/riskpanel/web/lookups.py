"""Names for ids shown on pages (agencies, panels): reference data, not case data."""

from __future__ import annotations

from sqlmodel import Session

from riskpanel.access.membership import current_member_ids
from riskpanel.agencies.service import list_agencies
from riskpanel.models import utcnow
from riskpanel.panels.repository import list_panels


def agency_names(session: Session) -> dict[int, str]:
    return {a.id: a.name for a in list_agencies(session=session) if a.id is not None}


def panel_agencies(session: Session, panel_id: int | None) -> list[tuple[int, str]]:
    """The panel's member agencies today, by name, for the pickers on meeting pages (an
    agency that has left, or not yet joined, cannot be given an action)."""
    names = agency_names(session)
    if panel_id is None:
        return []
    ids = current_member_ids(session=session, panel_id=panel_id, on=utcnow().date())
    return sorted(((i, names.get(i, f"Agency {i}")) for i in ids), key=lambda p: p[1])


def panel_names(session: Session) -> dict[int, str]:
    return {p.id: p.name for p in list_panels(session=session) if p.id is not None}
