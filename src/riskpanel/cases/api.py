"""Case endpoints: thin: parse, authorise, call the service, shape the response."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from riskpanel.api.caller import committed, committed_json
from riskpanel.api.deps import DbSession
from riskpanel.api.params import IfMatch, Limit
from riskpanel.cases import service
from riskpanel.cases.access import CaseOfficer, CaseReader, CaseWriter, SignedIn
from riskpanel.cases.schemas import (
    AgencyCaseView,
    CaseDetail,
    CasePage,
    CaseSummary,
    TransitionRequest,
    TransitionsView,
    WorkflowSummary,
    WorkflowView,
)
from riskpanel.cases.transitions.service import fire_transition
from riskpanel.kit.concurrency import etag, expected_version
from riskpanel.workflow.diagram import to_mermaid
from riskpanel.workflow.registry import get_workflows

router = APIRouter()
cases_router = APIRouter(prefix="/cases", tags=["cases"])
workflows_router = APIRouter(prefix="/workflows", tags=["workflows"])


@cases_router.get(
    "",
    summary="List the cases you may see",
    description="Coordinators and chairs see their panel's cases; an agency sees cases it "
    "referred, cases listed at a meeting of a panel it belongs to, and cases where it owns "
    "an action. Keyset pagination with `limit` and `cursor`.",
)
def list_cases(
    session: DbSession,
    caller: CaseReader,
    state: Annotated[str | None, Query(max_length=40, description="Filter by state")] = None,
    limit: Limit = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> CasePage:
    page = service.list_cases(
        session=session, caller=caller, state=state, limit=limit, cursor=cursor
    )
    return committed(session, page)


@cases_router.get(
    "/{case_id}",
    summary="Read one case",
    description="Panel roles receive the whole record; agencies receive a projection "
    "without special category data, safe contact details or other agencies' research. "
    "The `ETag` header is needed (as `If-Match`) to change the case.",
    response_model=CaseDetail | AgencyCaseView,
)
def read_case(case_id: int, session: DbSession, caller: CaseReader) -> Response:
    case, view = service.get_case(session=session, caller=caller, case_id=case_id)
    return committed_json(session, view, etag("case", case.id, case.row_version))


@cases_router.get(
    "/{case_id}/transitions",
    summary="What can happen to a case now, and what happened",
    description="The triggers your role may fire from the current state (with any guard "
    "that would refuse them now) and the case's history of transitions.",
)
def read_transitions(
    case_id: int, response: Response, session: DbSession, caller: CaseOfficer
) -> TransitionsView:
    view = service.transitions_view(session=session, caller=caller, case_id=case_id)
    return committed(session, view, response, view.etag)


@cases_router.post(
    "/{case_id}/transitions",
    summary="Fire a transition",
    description="Needs `If-Match` with the case's ETag (428 without it, 412 when stale). "
    "409 when the trigger is not allowed from this state (the body lists the allowed "
    "triggers) or a guard refuses it (the body names the guard); 422 for an unknown "
    "trigger or a missing reason or field; 403 when your role may not fire it.",
)
def post_transition(
    case_id: int,
    body: TransitionRequest,
    response: Response,
    session: DbSession,
    caller: CaseWriter,
    if_match: IfMatch = None,
) -> CaseSummary:
    result = fire_transition(
        session=session,
        principal=caller.principal,
        case_id=case_id,
        trigger=body.trigger,
        expected_version=expected_version(if_match, kind="case", object_id=case_id),
        workflows=get_workflows(caller.settings),
        reason=body.reason,
        fields=body.fields,
        access_days_after_closure=caller.access_days,
    )
    case = result.case
    return committed(
        session, CaseSummary.model_validate(case), response, etag("case", case.id, case.row_version)
    )


@workflows_router.get(
    "",
    summary="Workflows this riskpanel runs",
    description="The latest version of each workflow definition loaded from workflows/.",
)
def list_workflows(caller: SignedIn) -> list[WorkflowSummary]:
    registry = get_workflows(caller.settings)
    return [WorkflowSummary.model_validate(d, from_attributes=True) for d in registry.latest()]


@workflows_router.get("/{name}", summary="One workflow: definition and Mermaid diagram")
def read_workflow(
    name: str,
    caller: SignedIn,
    version: Annotated[int | None, Query(ge=1)] = None,
) -> WorkflowView:
    defn = get_workflows(caller.settings).get(name, version)
    return WorkflowView(
        name=defn.name,
        version=defn.version,
        title=defn.title,
        description=defn.description,
        definition=defn.model_dump(mode="json"),
        mermaid=to_mermaid(defn),
    )


router.include_router(cases_router)
router.include_router(workflows_router)
