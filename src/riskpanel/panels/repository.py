"""Every query of the panels domain."""

from __future__ import annotations

from sqlmodel import Session, col, select

from riskpanel.models import Agency, Panel, PanelMembership


def panel_named(*, session: Session, name: str) -> Panel | None:
    return session.exec(select(Panel).where(Panel.name == name)).first()


def list_panels(*, session: Session) -> list[Panel]:
    return list(session.exec(select(Panel).order_by(col(Panel.name))).all())


def membership(*, session: Session, panel_id: int, agency_id: int) -> PanelMembership | None:
    return session.exec(
        select(PanelMembership).where(
            col(PanelMembership.panel_id) == panel_id,
            col(PanelMembership.agency_id) == agency_id,
        )
    ).first()


def memberships_with_names(*, session: Session, panel_id: int) -> list[tuple[PanelMembership, str]]:
    """Every membership of the panel, past, present and future, with the agency's name."""
    rows = session.exec(
        select(PanelMembership, Agency.name)
        .join(Agency, col(Agency.id) == col(PanelMembership.agency_id))
        .where(col(PanelMembership.panel_id) == panel_id)
        .order_by(col(Agency.name), col(PanelMembership.id))
    ).all()
    return list(rows)
