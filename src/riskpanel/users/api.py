"""User administration (admin only): list, create, read, change or disable."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response

from riskpanel.api.caller import commit_with_etag
from riskpanel.api.deps import DbSession
from riskpanel.kit.ids import CURSOR_PATTERN
from riskpanel.users import service
from riskpanel.users.access import Admin, UserCreator, UserEditor
from riskpanel.users.schemas import PersonRole, UserCreate, UserOut, UserPage, UserUpdate

router = APIRouter(prefix="/users", tags=["users"])
UserId = Annotated[int, Path(ge=1, le=2**31 - 1)]


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


@router.post("", status_code=201, response_model=UserOut, summary="Create a user")
def create_user(
    body: UserCreate,
    response: Response,
    session: DbSession,
    principal: UserCreator,
) -> UserOut:
    user = service.create_user(session=session, principal=principal, data=body)
    commit_with_etag(session, response, service.user_etag(user))
    return service.user_out(user)


@router.get(
    "/{user_id}",
    response_model=UserOut,
    summary="Read a user",
    description="The `ETag` header is needed (as `If-Match`) to change the user.",
)
def read_user(user_id: UserId, response: Response, session: DbSession, _: Admin) -> UserOut:
    user = service.get_user(session=session, user_id=user_id)
    response.headers["ETag"] = service.user_etag(user)
    return service.user_out(user)


@router.patch(
    "/{user_id}",
    response_model=UserOut,
    summary="Change, disable or enable a user",
    description="Needs `If-Match` with the user's ETag (428 without, 412 when stale). "
    "Disabling ends the user's web sessions and revokes their personal tokens at once.",
)
def update_user(
    user_id: UserId,
    body: UserUpdate,
    response: Response,
    session: DbSession,
    principal: UserEditor,
    if_match: Annotated[str | None, Header(max_length=200)] = None,
) -> UserOut:
    user = service.update_user(
        session=session, principal=principal, user_id=user_id, data=body, if_match=if_match
    )
    commit_with_etag(session, response, service.user_etag(user))
    return service.user_out(user)
