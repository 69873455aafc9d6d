"""Object-level access to cases.

Coordinators and chairs see their own panel's cases. An agency sees a case it referred,
a case listed at a meeting of a panel it belongs to today (membership dates), or a case
where it owns an action;
its access ends a configured time after closure, and an agency whose information-sharing
agreement is not in force gets no new disclosures. Anything else is reported as not found.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Date, Integer, and_, bindparam, exists, or_
from sqlmodel import Session, col, select

from riskpanel.access.membership import membership_in_force, sharing_agreement_in_force
from riskpanel.kit.errors import NotFound
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PANEL_ROLES
from riskpanel.models import (
    Action,
    Agency,
    AgendaItem,
    Case,
    Meeting,
    PanelMembership,
    Referral,
    utcnow,
)
from riskpanel.models.base import UTCDateTime


def agency_case_filter(agency_id: int, *, access_days_after_closure: int) -> ColumnElement[bool]:
    """SQL condition for the cases an agency may see (used for lists and single reads)."""
    cutoff = access_cutoff(access_days_after_closure)
    return _agency_condition(agency_id, cutoff, utcnow().date())


def _panel_condition(panel_id: Any) -> ColumnElement[bool]:
    """A panel role's cases, over a value or a bind parameter."""
    return and_(col(Case.panel_id) == panel_id, col(Case.erased_at).is_(None))


def _agency_condition(agency_id: Any, cutoff: Any, today: Any) -> ColumnElement[bool]:
    """The agency's condition over values or bind parameters (see `_VISIBLE_TO_AGENCY`).

    Listing reaches an agency only through a membership in force ``today``: not before it
    starts, and not from the day it ends (leaving the panel ends access through it)."""
    referred = exists().where(
        col(Referral.case_id) == col(Case.id), col(Referral.referring_agency_id) == agency_id
    )
    listed = exists().where(
        col(AgendaItem.case_id) == col(Case.id),
        col(AgendaItem.meeting_id) == col(Meeting.id),
        col(Meeting.panel_id) == col(PanelMembership.panel_id),
        col(PanelMembership.agency_id) == agency_id,
        membership_in_force(today),
    )
    owns_action = exists().where(
        col(Action.case_id) == col(Case.id), col(Action.agency_id) == agency_id
    )
    return and_(or_(referred, listed, owns_action), case_within_reach(cutoff))


def case_within_reach(cutoff: Any) -> ColumnElement[bool]:
    """An agency's reach in time: open, or closed after ``cutoff``, and not erased (also what
    bounds a referral's reads by the agency that made it)."""
    still_open = or_(col(Case.closed_at).is_(None), col(Case.closed_at) > cutoff)
    return and_(still_open, col(Case.erased_at).is_(None))


def access_cutoff(access_days_after_closure: int) -> datetime:
    """Closed before this moment: out of an agency's reach."""
    return utcnow() - timedelta(days=access_days_after_closure)


def case_filter(principal: Principal, *, access_days_after_closure: int) -> ColumnElement[bool]:
    if principal.role in PANEL_ROLES:
        return _panel_condition(principal.panel_id)
    if principal.is_agency and principal.agency_id is not None:
        return agency_case_filter(
            principal.agency_id, access_days_after_closure=access_days_after_closure
        )
    return col(Case.id) == -1  # no case content for other roles


def sees_victim_names(principal: Principal) -> bool:
    """Who may read a victim's name in a list, and so search by it: the panel's officers
    (the full record) and an agency (the identity it needs to search its own records, as
    its case view gives it), each on the cases it may see; no other role sees a name."""
    return principal.role in PANEL_ROLES or principal.is_agency


def agency_may_receive(session: Session, principal: Principal) -> bool:
    if not principal.is_agency:
        return True
    agency = session.get(Agency, principal.agency_id)
    return agency is not None and sharing_agreement_in_force(agency, on=utcnow().date())


# One case as a panel role or as an agency sees it: the statements every case read runs,
# built once with bind parameters (building them afresh cost more than running them).
_CASE_ID = bindparam("case_id", type_=Integer)
_VISIBLE_TO_PANEL = select(Case).where(
    col(Case.id) == _CASE_ID, _panel_condition(bindparam("panel_id", type_=Integer))
)
_VISIBLE_TO_AGENCY = select(Case).where(
    col(Case.id) == _CASE_ID,
    _agency_condition(
        bindparam("agency_id", type_=Integer),
        bindparam("cutoff", type_=UTCDateTime),
        bindparam("today", type_=Date),
    ),
)


def get_visible_case(
    *, session: Session, principal: Principal, case_id: int, access_days_after_closure: int
) -> Case:
    """The case, or NotFound whether it is missing or out of reach (ids do not leak)."""
    case = None
    params: dict[str, Any]
    if principal.role in PANEL_ROLES:
        params = {"case_id": case_id, "panel_id": principal.panel_id}
        case = session.exec(_VISIBLE_TO_PANEL, params=params).first()
    elif principal.is_agency and principal.agency_id is not None:
        params = {
            "case_id": case_id,
            "agency_id": principal.agency_id,
            "cutoff": access_cutoff(access_days_after_closure),
            "today": utcnow().date(),
        }
        case = session.exec(_VISIBLE_TO_AGENCY, params=params).first()
    if case is None or not agency_may_receive(session, principal):
        raise NotFound()
    return case
