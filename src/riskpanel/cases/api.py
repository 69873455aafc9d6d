"""Case endpoints: thin: parse, authorise, call the service, shape the response."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlmodel import Session

from riskpanel.api.concurrency import etag
from riskpanel.api.deps import get_session
from riskpanel.auth.principal import Principal
from riskpanel.auth.rules import allow
from riskpanel.cases import service
from riskpanel.cases.schemas import AgencyCaseView, CaseDetail, CasePage
from riskpanel.roles import Role

router = APIRouter(prefix="/cases", tags=["cases"])
CASE_READERS = allow(Role.COORDINATOR, Role.CHAIR, Role.AGENCY, Role.AGENCY_CLIENT)
DbSession = Annotated[Session, Depends(get_session)]


def access_days(request: Request) -> int:
    return int(request.app.state.settings.agency_access_days_after_closure)


@router.get(
    "",
    response_model=CasePage,
    summary="List the cases you may see",
    description="Coordinators and chairs see their panel's cases; an agency sees cases it "
    "referred, cases listed at a meeting of a panel it belongs to, and cases where it owns "
    "an action. Keyset pagination with `limit` and `cursor`.",
)
def list_cases(
    request: Request,
    session: DbSession,
    principal: Annotated[Principal, Depends(CASE_READERS)],
    state: Annotated[str | None, Query(max_length=40, description="Filter by state")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> CasePage:
    page = service.list_cases(
        session=session,
        principal=principal,
        access_days_after_closure=access_days(request),
        state=state,
        limit=limit,
        cursor=cursor,
    )
    session.commit()
    return page


@router.get(
    "/{case_id}",
    response_model=CaseDetail | AgencyCaseView,
    summary="Read one case",
    description="Panel roles receive the whole record; agencies receive a projection "
    "without special category data, safe contact details or other agencies' research. "
    "The `ETag` header is needed (as `If-Match`) to change the case.",
)
def read_case(
    case_id: int,
    request: Request,
    response: Response,
    session: DbSession,
    principal: Annotated[Principal, Depends(CASE_READERS)],
) -> CaseDetail | AgencyCaseView:
    case, view = service.get_case(
        session=session,
        principal=principal,
        case_id=case_id,
        access_days_after_closure=access_days(request),
    )
    session.commit()
    response.headers["ETag"] = etag("case", case.id, case.row_version)
    return view
