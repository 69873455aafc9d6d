"""Every query of the agencies domain."""

from __future__ import annotations

from sqlmodel import Session, col, select

from riskpanel.models import Agency


def agency_named(*, session: Session, name: str) -> Agency | None:
    return session.exec(select(Agency).where(Agency.name == name)).first()


def agencies_by_name(*, session: Session) -> list[Agency]:
    return list(session.exec(select(Agency).order_by(col(Agency.name))).all())
