"""User administration (admin only): list, create (with an invitation), read, change or
disable; approval of accounts that read case data by a second person."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request, Response
from sqlmodel import Session

from riskpanel.api.caller import commit_with_etag
from riskpanel.api.deps import DbSession
from riskpanel.kit.ids import CURSOR_PATTERN
from riskpanel.models import User
from riskpanel.users import service
from riskpanel.users.access import Admin, Approver, UserCreator, UserEditor
from riskpanel.users.invitations.api import invitation_out
from riskpanel.users.invitations.api import router as invitations_router
from riskpanel.users.schemas import (
    PersonRole,
    UserCreate,
    UserCreated,
    UserOut,
    UserPage,
    UserUpdate,
)

router = APIRouter(prefix="/users", tags=["users"])
UserId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _changed(session: Session, response: Response, user: User) -> UserOut:
    """The tail of every change to a person: commit with the new ETag, then their view."""
    commit_with_etag(session, response, service.user_etag(user))
    return service.user_out(user, service.open_invitation(session=session, user=user))


@router.get("", response_model=UserPage, summary="List users")
def list_users(
    session: DbSession,
    _: Admin,
    role: Annotated[PersonRole | None, Query(description="Filter by role")] = None,
    agency_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    active: Annotated[bool | None, Query(description="Only active or only disabled")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=200, pattern=CURSOR_PATTERN)] = None,
) -> UserPage:
    return service.list_users(
        session=session, role=role, agency_id=agency_id, active=active, limit=limit, cursor=cursor
    )


@router.post(
    "",
    status_code=201,
    response_model=UserCreated,
    summary="Create a user and their invitation",
    description="No password is set here: the answer's `invitation.link` (shown once, valid "
    "for `RISKPANEL_INVITATION_HOURS`, 72 by default) lets the person set their own. Send "
    "it to them. The account may not be for your own email address (403 naming `email`), "
    "and it is inactive (`awaiting_approval`) until another admin or a chair approves it "
    "(`POST /users/{user_id}/approval`).",
)
def create_user(
    body: UserCreate,
    request: Request,
    response: Response,
    session: DbSession,
    principal: UserCreator,
) -> UserCreated:
    settings = request.app.state.settings
    user, issued = service.create_user(
        session=session, principal=principal, data=body, settings=settings
    )
    commit_with_etag(session, response, service.user_etag(user))
    out = service.user_out(user, issued.invitation)
    return UserCreated(**out.model_dump(), invitation=invitation_out(issued, settings))


@router.get(
    "/{user_id}",
    response_model=UserOut,
    summary="Read a user",
    description="The `ETag` header is needed (as `If-Match`) to change the user.",
)
def read_user(user_id: UserId, response: Response, session: DbSession, _: Admin) -> UserOut:
    user = service.get_user(session=session, user_id=user_id)
    response.headers["ETag"] = service.user_etag(user)
    return service.user_out(user, service.open_invitation(session=session, user=user))


@router.patch(
    "/{user_id}",
    response_model=UserOut,
    summary="Change, disable or enable a user",
    description="Needs `If-Match` with the user's ETag (428 without, 412 when stale). "
    "Disabling ends the user's web sessions and revokes their personal tokens at once. "
    "A new role stops the account until a second person approves it; `active: true` on "
    "an account awaiting approval is 409 naming `active`. "
    "There is no password here: a person sets their own.",
)
def update_user(
    user_id: UserId,
    body: UserUpdate,
    request: Request,
    response: Response,
    session: DbSession,
    principal: UserEditor,
    if_match: Annotated[str | None, Header(max_length=200)] = None,
) -> UserOut:
    settings = request.app.state.settings
    change = {"data": body, "if_match": if_match, "settings": settings}
    user = service.update_user(session=session, principal=principal, user_id=user_id, **change)
    return _changed(session, response, user)


@router.post(
    "/{user_id}/approval",
    response_model=UserOut,
    summary="Approve an account awaiting approval",
    description="Separation of duties: a new account, or one given a new role, starts only "
    "when a second person approves it: an admin who did not ask for it (403 for the one who "
    "did), or a chair. 409 when the account is not awaiting approval. Audited.",
)
def approve_user(
    user_id: UserId, response: Response, session: DbSession, principal: Approver
) -> UserOut:
    user = service.approve(session=session, principal=principal, user_id=user_id)
    return _changed(session, response, user)


router.include_router(invitations_router)
