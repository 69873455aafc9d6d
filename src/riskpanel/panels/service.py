"""Panels and their member agencies. Keyword-only; the caller commits."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col, select

from riskpanel.kit.errors import Conflict, InvalidInput
from riskpanel.models import Agency, Panel, PanelMembership
from riskpanel.panels.schemas import PanelCreate


def create_panel(*, session: Session, data: PanelCreate) -> Panel:
    if session.exec(select(Panel).where(Panel.name == data.name)).first():
        raise Conflict(f"a panel named {data.name!r} already exists")
    panel = Panel(
        name=data.name,
        area=data.area,
        meeting_rhythm=data.meeting_rhythm.value,
        thresholds=dict(data.thresholds),
        confidentiality_statement=data.confidentiality_statement,
    )
    session.add(panel)
    session.flush()
    for agency_id in data.member_agency_ids:
        add_member(session=session, panel=panel, agency_id=agency_id)
    return panel


def add_member(*, session: Session, panel: Panel, agency_id: int) -> PanelMembership:
    if session.get(Agency, agency_id) is None:
        raise InvalidInput.field("member_agency_ids", f"no agency with id {agency_id}")
    membership = PanelMembership(panel_id=panel.id or 0, agency_id=agency_id)
    session.add(membership)
    session.flush()
    return membership


def membership_in_force(on: Any) -> ColumnElement[bool]:
    """A membership in force on a day (a value or a bind parameter): started on or before it
    (no start date: from the beginning) and not yet ended (an agency leaving on a day has no
    access from that day). The one definition used for access, minutes and writes."""
    return and_(
        or_(col(PanelMembership.joined_on).is_(None), col(PanelMembership.joined_on) <= on),
        or_(col(PanelMembership.left_on).is_(None), col(PanelMembership.left_on) > on),
    )


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


def list_panels(*, session: Session) -> list[Panel]:
    return list(session.exec(select(Panel).order_by(col(Panel.name))).all())


def member_agency_ids(*, session: Session, panel_id: int) -> list[int]:
    rows = session.exec(
        select(PanelMembership.agency_id).where(PanelMembership.panel_id == panel_id)
    ).all()
    return list(rows)
