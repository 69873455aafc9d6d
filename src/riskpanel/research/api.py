"""Research return endpoints under a case. Thin: parse, authorise, call the service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse

from riskpanel.api.caller import committed
from riskpanel.api.deps import DbSession
from riskpanel.api.idempotency import IdempotencyKey, idempotent
from riskpanel.kit.ids import MAX_ID
from riskpanel.research import service
from riskpanel.research.access import AgencyReader, Reader, Requester, Returner
from riskpanel.research.requests import service as requests
from riskpanel.research.schemas import (
    ResearchDueList,
    ResearchList,
    ResearchRequestIn,
    ResearchRequestList,
    ResearchReturnIn,
    ResearchReturnOut,
)

router = APIRouter(tags=["research"])
CaseId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.post(
    "/cases/{case_id}/research",
    status_code=201,
    response_model=ResearchReturnOut,
    summary="Return your agency's research on a case",
)
def submit(
    case_id: CaseId,
    data: ResearchReturnIn,
    session: DbSession,
    caller: Returner,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Each item is marked `fact` or `opinion`; anything held back is listed under
    `withheld` with the reason. Only the panel's coordinator and chair read it (and your
    agency, its own returns); other agencies never do. 404 for a case you cannot see."""

    def work() -> tuple[int, dict[str, Any], dict[str, str]]:
        research = service.submit_return(session=session, caller=caller, case_id=case_id, data=data)
        body = service.views(session, [research])[0].model_dump(mode="json")
        return 201, body, {"Location": f"/api/v1/cases/{case_id}/research"}

    payload = {"op": "research_return", "case_id": case_id, "body": data.model_dump()}
    return idempotent(
        session=session, principal=caller.principal, key=idempotency_key, payload=payload, work=work
    )


@router.get("/cases/{case_id}/research", summary="Read research returns")
def read(case_id: CaseId, session: DbSession, caller: Reader) -> ResearchList:
    """Coordinators and chairs see every agency's return; an agency sees its own only."""
    returns = service.list_returns(session=session, caller=caller, case_id=case_id)
    return committed(session, ResearchList(items=returns))


@router.post(
    "/cases/{case_id}/research-requests",
    status_code=201,
    response_model=ResearchRequestList,
    summary="Ask member agencies for research on a listed case",
    responses={
        404: {"description": "No such case on your panel (problem+json)."},
        409: {"description": "The case is not listed on an upcoming meeting's agenda."},
        422: {
            "description": "`due_on` in the past or after the meeting, or `agency_ids` "
            "naming agencies that are not current members with a sharing agreement in force."
        },
    },
)
def request_research(
    case_id: CaseId,
    data: ResearchRequestIn,
    session: DbSession,
    caller: Requester,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """The coordinator of the case's panel asks named member agencies (`agency_ids`), or
    every current member with its sharing agreement in force (`all_members: true`), for
    research due on `due_on` (at the meeting's time of day, before the meeting). Each agency
    is sent the `research.due` notification now, and reminded at the due time if it has
    not returned research by then. Asking an agency again for the same meeting moves its
    due time."""

    def work() -> tuple[int, dict[str, Any], dict[str, str]]:
        items = requests.request_research(
            session=session, caller=caller, case_id=case_id, data=data
        )
        body = ResearchRequestList(items=items).model_dump(mode="json")
        return 201, body, {}

    payload = {"op": "research_request", "case_id": case_id, "body": data.model_dump(mode="json")}
    return idempotent(
        session=session, principal=caller.principal, key=idempotency_key, payload=payload, work=work
    )


@router.get("/research/due", summary="Research due from your agency")
def research_due(session: DbSession, principal: AgencyReader) -> ResearchDueList:
    """Cases your agency has been asked to research (by the coordinator, or by the case's
    listing on an agenda you are invited to), not yet returned, soonest due first. Return it
    with `POST` to the item's `return_path`."""
    items = service.research_due(session=session, principal=principal)
    return committed(session, ResearchDueList(items=items))
