"""Invitations (admin only): send a person a new link, or withdraw the open one.

The link itself is used on the web page ``/invitations/{token}`` (``pages.py``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from riskpanel.api.deps import DbSession
from riskpanel.config import Settings
from riskpanel.users.access import Inviter
from riskpanel.users.invitations import service
from riskpanel.users.invitations.schemas import InvitationOut

router = APIRouter(tags=["users"])  # included by users.api under /users
UserId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def invitation_out(issued: service.IssuedInvitation, settings: Settings) -> InvitationOut:
    return InvitationOut(
        user_id=issued.invitation.user_id,
        link=issued.link(settings.base_url),
        expires_at=issued.invitation.expires_at,
    )


@router.post(
    "/{user_id}/invitation",
    status_code=201,
    response_model=InvitationOut,
    summary="Send a person a new invitation link",
    description="For a person who has not set a password yet (409 otherwise, and for a "
    "disabled account). The earlier link stops working; the new one is in the answer once. "
    "Audited.",
)
def reissue(
    user_id: UserId, request: Request, session: DbSession, principal: Inviter
) -> InvitationOut:
    settings: Settings = request.app.state.settings
    user = service.invitee(session=session, user_id=user_id)
    issued = service.invite(session=session, principal=principal, user=user, settings=settings)
    session.commit()
    return invitation_out(issued, settings)


@router.delete(
    "/{user_id}/invitation",
    status_code=204,
    summary="Withdraw a person's invitation link",
    description="The open link stops working at once (409 when none is open). Audited.",
)
def revoke(user_id: UserId, session: DbSession, principal: Inviter) -> Response:
    user = service.invitee(session=session, user_id=user_id)
    service.revoke(session=session, principal=principal, user=user)
    session.commit()
    return Response(status_code=204)
