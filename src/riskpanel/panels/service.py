"""Panels and their memberships over time: who joins, from when, and when they leave.

Membership dates decide access: an agency sees the cases listed at its panel's meetings,
and can be given actions there, only while its membership is in force (the one definition
is ``riskpanel.access.membership``). A membership is one row per panel and agency, so
rejoining after leaving reopens it with new dates (the old ones are kept in the access
log). Admin work: every change is audited. Keyword-only; the caller commits.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from riskpanel.access.membership import current_member_ids, membership_row_in_force
from riskpanel.agencies.service import agency_names
from riskpanel.audit.cases import About, record_on
from riskpanel.kit.errors import Conflict, InvalidInput, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.models import Agency, Panel, PanelMembership, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.panels import repository
from riskpanel.panels.schemas import (
    MembershipChange,
    MembershipIn,
    MembershipList,
    MembershipOut,
    PanelCreate,
)


def create_panel(*, session: Session, data: PanelCreate) -> Panel:
    if repository.panel_named(session=session, name=data.name) is not None:
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
        _enrol_founder(session=session, panel=panel, agency_id=agency_id)
    return panel


def _enrol_founder(*, session: Session, panel: Panel, agency_id: int) -> PanelMembership:
    """A member from the panel's creation: no dates, so in force from the beginning."""
    if session.get(Agency, agency_id) is None:
        raise InvalidInput.field("member_agency_ids", f"no agency with id {agency_id}")
    membership = PanelMembership(panel_id=panel.id or 0, agency_id=agency_id)
    session.add(membership)
    session.flush()
    return membership


def _panel(session: Session, panel_id: int) -> Panel:
    panel = session.get(Panel, panel_id)
    if panel is None:
        raise NotFound()
    return panel


def _out(row: PanelMembership, name: str, today: date) -> MembershipOut:
    return MembershipOut(
        panel_id=row.panel_id,
        agency_id=row.agency_id,
        agency_name=name,
        joined_on=row.joined_on,
        left_on=row.left_on,
        in_force=membership_row_in_force(row, on=today),
    )


def list_members(*, session: Session, panel_id: int) -> MembershipList:
    """Every agency that is, was or will be a member, by name."""
    _panel(session, panel_id)
    rows = repository.memberships_with_names(session=session, panel_id=panel_id)
    today = utcnow().date()
    return MembershipList(panel_id=panel_id, items=[_out(m, n, today) for m, n in rows])


def _check_dates(joined_on: date | None, left_on: date | None) -> None:
    if joined_on is not None and left_on is not None and left_on <= joined_on:
        raise InvalidInput.field("left_on", "must be after the day membership starts (joined_on)")


def _audit(
    session: Session, principal: Principal, row: PanelMembership, change: str, **detail: Any
) -> None:
    about = About("panel_membership", row.id)
    logged = ["joined_on", "left_on"]
    described = {
        "change": change,
        "panel_id": row.panel_id,
        "agency_id": row.agency_id,
        "joined_on": row.joined_on.isoformat() if row.joined_on else None,
        "left_on": row.left_on.isoformat() if row.left_on else None,
        **detail,
    }
    record_on(
        session,
        principal,
        AuditAction.ADMINISTRATION,
        "administration",
        about,
        fields=logged,
        detail=described,
    )


def add_member(
    *, session: Session, principal: Principal, panel_id: int, data: MembershipIn
) -> MembershipOut:
    """Join (or rejoin after leaving). A membership in force or still to start: 409."""
    _panel(session, panel_id)
    agency = session.get(Agency, data.agency_id)
    if agency is None:
        raise InvalidInput.field("agency_id", f"no agency with id {data.agency_id}")
    today = utcnow().date()
    joined_on = data.joined_on or today
    _check_dates(joined_on, data.left_on)
    row = repository.membership(session=session, panel_id=panel_id, agency_id=data.agency_id)
    previous: dict[str, Any] = {}
    if row is not None:
        if row.left_on is None or row.left_on > today:
            raise Conflict(f"{agency.name} is already a member of this panel; change its dates.")
        previous = {"previous": {"joined_on": str(row.joined_on), "left_on": str(row.left_on)}}
    else:
        row = PanelMembership(panel_id=panel_id, agency_id=data.agency_id)
    row.joined_on, row.left_on = joined_on, data.left_on
    session.add(row)
    session.flush()
    _audit(session, principal, row, "rejoined" if previous else "joined", **previous)
    return _out(row, agency.name, today)


def change_member(
    *,
    session: Session,
    principal: Principal,
    panel_id: int,
    agency_id: int,
    data: MembershipChange,
) -> MembershipOut:
    """Change the dates (ending a membership is giving it ``left_on``): given fields only."""
    _panel(session, panel_id)
    row = repository.membership(session=session, panel_id=panel_id, agency_id=agency_id)
    agency = session.get(Agency, agency_id)
    if row is None or agency is None:
        raise NotFound()
    given = data.model_fields_set
    if not given:
        raise InvalidInput.field("left_on", "give joined_on or left_on")
    joined_on = data.joined_on if "joined_on" in given else row.joined_on
    left_on = data.left_on if "left_on" in given else row.left_on
    _check_dates(joined_on, left_on)
    before = {"joined_on": str(row.joined_on), "left_on": str(row.left_on)}
    row.joined_on, row.left_on = joined_on, left_on
    session.add(row)
    session.flush()
    _audit(session, principal, row, "dates_changed", previous=before)
    return _out(row, agency.name, utcnow().date())


def panel_names(*, session: Session) -> dict[int, str]:
    """Names for panel ids shown on pages: reference data, not case data."""
    return {p.id: p.name for p in repository.list_panels(session=session) if p.id is not None}


def panel_agencies(*, session: Session, panel_id: int | None) -> list[tuple[int, str]]:
    """The panel's member agencies today, by name, for the pickers on meeting pages (an
    agency that has left, or not yet joined, cannot be given an action)."""
    names = agency_names(session=session)
    if panel_id is None:
        return []
    ids = current_member_ids(session=session, panel_id=panel_id, on=utcnow().date())
    return sorted(((i, names.get(i, f"Agency {i}")) for i in ids), key=lambda p: p[1])
