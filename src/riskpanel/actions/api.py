"""Action endpoints for partner agencies (staff and systems) and the panel. Thin: parse,
authorise, call the service, shape the response."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Response
from fastapi.responses import JSONResponse
from sqlmodel import Session

from riskpanel.actions import projections, service
from riskpanel.actions.access import ReaderCaller, Reopener, Updater
from riskpanel.actions.schemas import (
    ActionDetail,
    ActionFilters,
    ActionPage,
    ActionUpdateIn,
    PanelActionDetail,
    Progress,
    ReopenIn,
    StatusFilter,
)
from riskpanel.api.caller import committed, committed_json
from riskpanel.api.deps import DbSession
from riskpanel.api.idempotency import IdempotencyKey, idempotent
from riskpanel.api.params import Limit
from riskpanel.kit.ids import MAX_ID
from riskpanel.kit.principal import Principal
from riskpanel.models import Action, Case

router = APIRouter(prefix="/actions", tags=["actions"])
IfMatch = Annotated[str | None, Header(description="The action's current ETag.")]
Detail = ActionDetail | PanelActionDetail
ActionId = Annotated[int, Path(ge=1, le=MAX_ID)]


async def action_filters(
    status: Annotated[StatusFilter | None, Query(description="open or closed")] = None,
    progress: Annotated[list[Progress] | None, Query(description="Repeatable")] = None,
    due_before: Annotated[date | None, Query(description="Due on or before")] = None,
    case_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    overdue: Annotated[bool | None, Query()] = None,
    agency_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Panel roles: one agency")
    ] = None,
) -> ActionFilters:
    """The list's filters, shared by the JSON list and its CSV export so they cannot drift.
    Async: no I/O, so no trip through the threadpool."""
    return ActionFilters(
        status=status,
        progress=progress or [],
        due_before=due_before,
        case_id=case_id,
        overdue=overdue,
        agency_id=agency_id,
    )


Filters = Annotated[ActionFilters, Depends(action_filters)]


CHANGE_PROBLEMS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such action, or not your agency's (problem+json)."},
    409: {"description": "Finished or reviewed: the change is not allowed now."},
    412: {"description": "If-Match is stale: read the action again (`current_etag`)."},
    422: {"description": "Invalid body, or an Idempotency-Key reused with another body."},
    428: {"description": "If-Match is missing."},
}


def _answer(
    session: Session, principal: Principal, action: Action, case: Case, status: int
) -> tuple[int, dict[str, Any], dict[str, str]]:
    body = projections.detail(session, principal, action, case).model_dump(mode="json")
    headers = {"ETag": projections.action_etag(action), "Location": f"/api/v1/actions/{action.id}"}
    return status, body, headers


@router.get("", summary="List actions", response_model=ActionPage)
def list_actions(
    session: DbSession,
    caller: ReaderCaller,
    filters: Filters,
    limit: Limit = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """An agency sees its own actions; coordinators and chairs see their panel's. `open`
    means not finished by the agency and not yet reviewed by the panel."""
    page = service.list_actions(
        session=session, caller=caller, filters=filters, limit=limit, cursor=cursor
    )
    return committed_json(session, page)


@router.get(
    ".csv",
    summary="Export your actions (the tracker) as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def export_csv(
    session: DbSession,
    caller: ReaderCaller,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 5_000,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """The rows `GET /actions` gives you, with the same filters, one per line (panel roles
    get the agency's name too). Cells that a spreadsheet would run as a formula start with
    an apostrophe. When more rows match than `limit`, `X-Next-Cursor` continues. The
    download is logged as a disclosure to you."""
    text, next_cursor = service.export_actions(
        session=session,
        caller=caller,
        filters=filters,
        limit=limit,
        after_id=service.after_cursor(cursor),
    )
    session.commit()
    headers = {"Content-Disposition": 'attachment; filename="riskpanel-actions.csv"'}
    if next_cursor:
        headers["X-Next-Cursor"] = next_cursor
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/{action_id}", summary="Read an action and its history")
def read_action(
    action_id: ActionId, response: Response, session: DbSession, caller: ReaderCaller
) -> Detail:
    """Another agency's action answers 404. The `ETag` is needed (as `If-Match`) to post."""
    action, view = service.read_action(session=session, caller=caller, action_id=action_id)
    return committed(session, view, response, projections.action_etag(action))


@router.post(
    "/{action_id}/updates",
    status_code=201,
    response_model=Detail,
    summary="Report progress on your agency's action",
    responses=CHANGE_PROBLEMS,
)
def post_update(
    action_id: ActionId,
    data: ActionUpdateIn,
    session: DbSession,
    caller: Updater,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """`acknowledged`, `in_progress`, `completed` (with `outcome`) or `not_possible` (with
    `reason`). Needs `If-Match` (428 without, 412 when stale); 409 once the action is
    finished or reviewed. `Idempotency-Key` makes retries safe (checked before If-Match)."""

    def work() -> tuple[int, dict[str, Any], dict[str, str]]:
        action, case = service.record_progress(
            session=session, caller=caller, action_id=action_id, data=data, if_match=if_match
        )
        return _answer(session, caller.principal, action, case, 201)

    payload = {"op": "action_update", "action_id": action_id, "body": data.model_dump()}
    return idempotent(
        session=session, principal=caller.principal, key=idempotency_key, payload=payload, work=work
    )


@router.post(
    "/{action_id}/reopen",
    response_model=PanelActionDetail,
    summary="Reopen a finished action",
    responses=CHANGE_PROBLEMS,
)
def reopen(
    action_id: ActionId,
    data: ReopenIn,
    session: DbSession,
    caller: Reopener,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """The coordinator sends a completed or not-possible action back to its agency with a
    reason; the agency is notified and the reminders start again."""

    def work() -> tuple[int, dict[str, Any], dict[str, str]]:
        action, case = service.reopen_action(
            session=session,
            caller=caller,
            action_id=action_id,
            reason=data.reason,
            if_match=if_match,
        )
        return _answer(session, caller.principal, action, case, 200)

    payload = {"op": "action_reopen", "action_id": action_id, "body": data.model_dump()}
    return idempotent(
        session=session, principal=caller.principal, key=idempotency_key, payload=payload, work=work
    )
