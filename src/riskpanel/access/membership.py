"""Who belongs right now: panel memberships in force and agencies' sharing agreements.

Access decisions (``riskpanel.access.service``, ``riskpanel.access.relations``) and the
domains that list members (panels, meetings, research, notifications) share these one
definitions; they live here, below the domains, so the access layer needs no domain.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col, select

from riskpanel.models import Agency, PanelMembership


def membership_in_force(on: Any) -> ColumnElement[bool]:
    """A membership in force on a day (a value or a bind parameter): started on or before it
    (no start date: from the beginning) and not yet ended (an agency leaving on a day has no
    access from that day). The one definition used for access, minutes and writes."""
    return and_(
        or_(col(PanelMembership.joined_on).is_(None), col(PanelMembership.joined_on) <= on),
        or_(col(PanelMembership.left_on).is_(None), col(PanelMembership.left_on) > on),
    )


def membership_row_in_force(row: PanelMembership, *, on: date) -> bool:
    """The same rule as ``membership_in_force``, for a row already loaded."""
    started = row.joined_on is None or row.joined_on <= on
    return started and (row.left_on is None or row.left_on > on)


def current_member_ids(*, session: Session, panel_id: int, on: date) -> set[int]:
    """The agencies that are members of the panel on the day."""
    rows = session.exec(
        select(PanelMembership.agency_id).where(
            col(PanelMembership.panel_id) == panel_id, membership_in_force(on)
        )
    ).all()
    return set(rows)


def is_current_member(*, session: Session, panel_id: int, agency_id: int, on: date) -> bool:
    return agency_id in current_member_ids(session=session, panel_id=panel_id, on=on)


def sharing_agreement_in_force(agency: Agency, *, on: date) -> bool:
    """An agency with no signed or an expired agreement gets no new disclosures."""
    if agency.isa_signed_on is None or agency.isa_signed_on > on:
        return False
    return agency.isa_expires_on is None or agency.isa_expires_on >= on
