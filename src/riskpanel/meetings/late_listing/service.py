"""Late listing: a case referred after a meeting's cut-off may still be heard there when the
coordinator records why it cannot wait and the chair agrees (a MARAC chair decides what is
heard). The agreement only opens the agenda to the case; the coordinator then lists it, and
the listing goes through the workflow as any other.

Keyword-only; the caller commits, so the request, its agreement and their access-log rows
commit with the page's change or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from riskpanel.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.meetings.service import audit, locked_meeting, visible_meeting
from riskpanel.models import Case, LateListing, Meeting, User, utcnow
from riskpanel.models.enums import AuditAction

WAITING = ("accepted", "listed")


def late_listings(session: Session, meeting_id: int) -> list[LateListing]:
    return list(
        session.exec(
            select(LateListing)
            .where(LateListing.meeting_id == meeting_id)
            .order_by(col(LateListing.requested_at), col(LateListing.id))
        ).all()
    )


def agreed_case_ids(session: Session, meeting_id: int) -> set[int]:
    """Cases the chair agreed to hear late at this meeting: the cut-off does not hold them."""
    return {
        item.case_id for item in late_listings(session, meeting_id) if item.agreed_at is not None
    }


def _late_case(session: Session, meeting: Meeting, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None or case.panel_id != meeting.panel_id or case.erased_at is not None:
        raise InvalidInput.field("case_id", "Select a case of this panel")
    if case.state not in WAITING:
        raise InvalidInput.field("case_id", "Select a case that is waiting for a meeting")
    if case.last_referral_at <= meeting.referral_cutoff_at:
        raise InvalidInput.field(
            "case_id", "This case was referred before the cut-off: add it to the agenda"
        )
    return case


def request_late_listing(
    *, session: Session, principal: Principal, meeting_id: int, case_id: int, reason: str
) -> LateListing:
    """The coordinator asks for a case referred after the cut-off, with the reason."""
    meeting = locked_meeting(session, principal, meeting_id)
    if meeting.status != "planned":
        raise Conflict("The meeting has taken place; list the case at the next meeting.")
    if principal.user_id is None:
        raise Forbidden("A late listing is asked for by a person: the panel coordinator.")
    reason = reason.strip()
    if not reason:
        raise InvalidInput.field("reason", "Enter why the case cannot wait for the next meeting")
    case = _late_case(session, meeting, case_id)
    item = next((i for i in late_listings(session, meeting_id) if i.case_id == case_id), None)
    if item is None:
        item = LateListing(
            meeting_id=meeting_id,
            case_id=case_id,
            reason=reason,
            requested_by_user_id=principal.user_id,
        )
    elif item.agreed_at is not None:
        raise Conflict("The chair has already agreed to list this case late.")
    else:  # asked again before the chair answered: the new reason and asker replace the old
        item.reason, item.requested_by_user_id = reason, principal.user_id
        item.requested_at = utcnow()
    session.add(item)
    session.flush()
    audit(
        session,
        principal,
        AuditAction.COLLECTION,
        "late_listing",
        item.id,
        fields=["case_id", "reason"],
        case_id=case.id,
        detail={"meeting_id": meeting_id},
    )
    return item


def agree_late_listing(
    *, session: Session, principal: Principal, meeting_id: int, case_id: int
) -> LateListing:
    """The chair agrees; from now the agenda may list the case despite the cut-off."""
    meeting = locked_meeting(session, principal, meeting_id)
    item = pending(session, principal=principal, meeting_id=meeting.id or 0, case_id=case_id)
    item.agreed_by_user_id = principal.user_id
    item.agreed_at = utcnow()
    session.add(item)
    audit(
        session,
        principal,
        AuditAction.ALTERATION,
        "late_listing",
        item.id,
        fields=["agreed_by", "agreed_at"],
        case_id=case_id,
        detail={"meeting_id": meeting_id},
    )
    session.flush()
    return item


def pending(
    session: Session, *, principal: Principal, meeting_id: int, case_id: int
) -> LateListing:
    """A request still waiting for the chair, on a meeting the caller may see."""
    visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    item = next((i for i in late_listings(session, meeting_id) if i.case_id == case_id), None)
    if item is None:
        raise NotFound("Nobody has asked to list this case late at this meeting.")
    if item.agreed_at is not None:
        raise Conflict("The chair has already agreed to list this case late.")
    return item


@dataclass(frozen=True)
class LateListingView:
    """A late listing as the meeting page shows it: the case by reference, never by name."""

    case_id: int
    case_reference: str
    referred_at: datetime
    reason: str
    requested_by: str
    requested_at: datetime
    agreed_by: str | None
    agreed_at: datetime | None


def late_listing_views(
    *, session: Session, principal: Principal, meeting_id: int
) -> list[LateListingView]:
    visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    out = []
    for item in late_listings(session, meeting_id):
        case = session.get(Case, item.case_id)
        asker = session.get(User, item.requested_by_user_id)
        chair = session.get(User, item.agreed_by_user_id or 0)
        assert case is not None
        out.append(
            LateListingView(
                case_id=item.case_id,
                case_reference=case.reference,
                referred_at=case.last_referral_at,
                reason=item.reason,
                requested_by=asker.display_name if asker else "The coordinator",
                requested_at=item.requested_at,
                agreed_by=chair.display_name if chair else None,
                agreed_at=item.agreed_at,
            )
        )
    return out
