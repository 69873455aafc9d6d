"""Panel membership (admin): who is a member of a panel, from when, and until when.

The dates decide access: an agency sees the cases listed at the panel's meetings, and can
be given actions in its minutes, only while its membership is in force.
"""

from __future__ import annotations

from fastapi import APIRouter

from riskpanel.api.caller import committed
from riskpanel.api.deps import DbSession
from riskpanel.api.params import IdPath
from riskpanel.panels import service
from riskpanel.panels.access import Admin, MemberAdder, MemberChanger
from riskpanel.panels.schemas import MembershipChange, MembershipIn, MembershipList, MembershipOut

router = APIRouter(prefix="/panels", tags=["panels"])


@router.get(
    "/{panel_id}/members",
    summary="List a panel's memberships",
    description="Every agency that is, was or will be a member, with its start and end "
    "dates and whether the membership is in force today.",
)
def list_members(panel_id: IdPath, session: DbSession, _: Admin) -> MembershipList:
    return service.list_members(session=session, panel_id=panel_id)


@router.post(
    "/{panel_id}/members",
    status_code=201,
    summary="Add an agency to a panel",
    description="Membership starts on `joined_on` (default today) and, if `left_on` is "
    "given, ends that day. An agency that left may rejoin (its membership reopens with the "
    "new dates); one that is a member, or is due to start, answers 409.",
)
def add_member(
    panel_id: IdPath, data: MembershipIn, session: DbSession, principal: MemberAdder
) -> MembershipOut:
    out = service.add_member(session=session, principal=principal, panel_id=panel_id, data=data)
    return committed(session, out)


@router.patch(
    "/{panel_id}/members/{agency_id}",
    summary="Change a membership's dates, or end it",
    description="Only the dates given change; `left_on` ends the membership on that day "
    "(from then the agency sees no case through the panel's meetings and cannot be given "
    "actions); `null` clears a date.",
)
def change_member(
    panel_id: IdPath,
    agency_id: IdPath,
    data: MembershipChange,
    session: DbSession,
    principal: MemberChanger,
) -> MembershipOut:
    out = service.change_member(
        session=session, principal=principal, panel_id=panel_id, agency_id=agency_id, data=data
    )
    return committed(session, out)
