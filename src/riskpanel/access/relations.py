"""The relationships of the authority table, checked against the objects of a write.

The route's rule has already admitted the caller's role; the service, once it holds the
object the caller can see, asks ``require`` whether the role's declared relationship holds.
Seeing a case is not enough to change it: an agency that referred a case may read it, but
records updates to the victim only while it is a current member of the case's panel with
its sharing agreement in force, and changes the Victims' Code entitlement only as the
victim's lead contact. A refusal is 403 naming what was needed (the caller can see the
object, so nothing leaks); an object the caller cannot see stays 404 before this runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from riskpanel.access.authority import Relation, entry
from riskpanel.access.membership import is_current_member, sharing_agreement_in_force
from riskpanel.config import get_settings
from riskpanel.kit.errors import Forbidden
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import (
    Action,
    Agency,
    Case,
    Referral,
    utcnow,
)


@dataclass(frozen=True)
class WriteObject:
    """What the write is about; each relation reads the parts it needs."""

    case: Case | None = None
    action: Action | None = None
    referral: Referral | None = None
    panel_id: int | None = None
    agency_id: int | None = None  # the agency an agency-owned thing (a webhook) belongs to
    access_days_after_closure: int | None = None  # None: the configured window

    def window(self) -> int:
        if self.access_days_after_closure is not None:
            return self.access_days_after_closure
        return get_settings().agency_access_days_after_closure


def current_member(session: Session, *, panel_id: int, agency_id: int, on: date) -> bool:
    """Membership on the day, by the one definition access, minutes and writes share."""
    return is_current_member(session=session, panel_id=panel_id, agency_id=agency_id, on=on)


def _agreement_in_force(session: Session, agency_id: int, on: date) -> bool:
    agency = session.get(Agency, agency_id)
    return agency is not None and agency.active and sharing_agreement_in_force(agency, on=on)


def _inside_window(case: Case, days: int) -> bool:
    return case.erased_at is None and (
        case.closed_at is None or case.closed_at > utcnow() - timedelta(days=days)
    )


def _member_agency(session: Session, agency_id: int, obj: WriteObject) -> bool:
    case, today = obj.case, utcnow().date()
    return (
        case is not None
        and current_member(session, panel_id=case.panel_id, agency_id=agency_id, on=today)
        and _agreement_in_force(session, agency_id, today)
        and _inside_window(case, obj.window())
    )


def _still_receives(session: Session, agency_id: int, case: Case | None, obj: WriteObject) -> bool:
    """An owner or referrer acts on its own thing only while it may still receive the case."""
    today = utcnow().date()
    return (
        case is not None
        and _agreement_in_force(session, agency_id, today)
        and _inside_window(case, obj.window())
    )


def _research_asked(session: Session, agency_id: int, obj: WriteObject) -> bool:
    """The case involves the agency (the service found it visible: referred, invited with
    the case on the agenda, or owning an action); it must also be a current member."""
    return _member_agency(session, agency_id, obj)


def _panel_of(obj: WriteObject) -> int | None:
    for holder in (obj.case, obj.referral):
        if holder is not None:
            return holder.panel_id
    return obj.panel_id


def holds(session: Session, principal: Principal, relation: Relation, obj: WriteObject) -> bool:
    """Whether the caller stands in the relation to the object."""
    agency_id = principal.agency_id
    if relation in (Relation.CASE_PANEL, Relation.OWN_PANEL):
        panel_id = _panel_of(obj)
        return principal.panel_id is not None and panel_id == principal.panel_id
    if relation in (Relation.ADMIN_ONLY, Relation.OWN_SESSION, Relation.ANYONE):
        return True  # the role is the whole rule; the service acts on the caller's own things
    if relation is Relation.RELEASED_TO_SCRUTINY:
        return True  # the scrutiny services only ever find released packs
    if relation is Relation.SECOND_PERSON:
        return True  # users.service.approve refuses the admin who asked for the account
    if agency_id is None or not principal.is_agency:
        return False
    if relation is Relation.OWN_AGENCY:
        return obj.agency_id == agency_id
    if relation is Relation.MEMBER_AGENCY:
        return _member_agency(session, agency_id, obj)
    if relation is Relation.ACTION_OWNER:
        owns = obj.action is not None and obj.action.agency_id == agency_id
        return owns and _still_receives(session, agency_id, obj.case, obj)
    if relation is Relation.REFERRING_AGENCY:
        referral = obj.referral
        if referral is None or referral.referring_agency_id != agency_id:
            return False
        case = obj.case or (session.get(Case, referral.case_id) if referral.case_id else None)
        return _still_receives(session, agency_id, case, obj)
    if relation is Relation.RESEARCH_ASKED:
        return _research_asked(session, agency_id, obj)
    if relation is Relation.LEAD_CONTACT:
        case = obj.case
        return (
            case is not None
            and case.lead_agency_id == agency_id
            and _member_agency(session, agency_id, obj)
        )
    if relation is Relation.PANEL_MEMBER_REFERRER:
        panel_id = _panel_of(obj)
        return panel_id is not None and current_member(
            session, panel_id=panel_id, agency_id=agency_id, on=utcnow().date()
        )
    return False


def require(*, session: Session, principal: Principal, operation: str, obj: WriteObject) -> None:
    """403 unless one of the relations the table grants the caller's role holds.

    Timers (the system principal) act for the panel and are not checked here."""
    if principal.role == Role.SYSTEM:
        return
    declared = entry(operation)
    relations = declared.relations_for(principal.role)
    if not relations:
        raise Forbidden("Your role may not do this.")
    if any(holds(session, principal, relation, obj) for relation in relations):
        return
    needed = " or ".join(r.value for r in relations)
    raise Forbidden(f"{declared.summary.rstrip('.')}: only {needed} may do this.")
