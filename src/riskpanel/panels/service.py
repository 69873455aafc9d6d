"""Panels and their member agencies. Keyword-only; the caller commits."""

from __future__ import annotations

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


def list_panels(*, session: Session) -> list[Panel]:
    return list(session.exec(select(Panel).order_by(col(Panel.name))).all())


def member_agency_ids(*, session: Session, panel_id: int) -> list[int]:
    rows = session.exec(
        select(PanelMembership.agency_id).where(PanelMembership.panel_id == panel_id)
    ).all()
    return list(rows)
