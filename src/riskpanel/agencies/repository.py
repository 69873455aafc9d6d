"""Every query of the agencies domain."""

from __future__ import annotations

from sqlmodel import Session, col, select

from riskpanel.models import Agency


def agency_named(*, session: Session, name: str) -> Agency | None:
    return session.exec(select(Agency).where(Agency.name == name)).first()


def agencies_by_name(*, session: Session) -> list[Agency]:
    return list(session.exec(select(Agency).order_by(col(Agency.name))).all())


def names_by_name(*, session: Session) -> list[tuple[int | None, str]]:
    """Each agency's id and name, by name: two columns, not whole rows (the lists' pickers
    ask on every request, and building 90 Agency objects was a tenth of a case list)."""
    query = select(Agency.id, Agency.name).order_by(col(Agency.name))
    return [(agency_id, name) for agency_id, name in session.exec(query).all()]
