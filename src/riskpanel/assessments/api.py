"""Risk assessment endpoints under a case."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session

from riskpanel.api.deps import get_session
from riskpanel.assessments import service
from riskpanel.assessments.schemas import AssessmentHistory, AssessmentIn, CaseRiskOut
from riskpanel.auth.principal import Principal
from riskpanel.auth.rules import allow, authority
from riskpanel.cases.workflows import get_workflows
from riskpanel.referrals.params import IdPath
from riskpanel.roles import Role

router = APIRouter(prefix="/cases/{case_id}/assessments", tags=["risk assessments"])
READERS = allow(Role.COORDINATOR, Role.CHAIR)
DbSession = Annotated[Session, Depends(get_session)]


def _access_days(request: Request) -> int:
    return int(request.app.state.settings.agency_access_days_after_closure)


@router.post(
    "",
    status_code=201,
    response_model=CaseRiskOut,
    summary="Assess the case against the risk checklist",
    description="Answers are yes, no or unknown, each with its source; questions left out "
    "count as unknown. Professional judgement may raise the level, never lower it, and "
    "needs a reason. Every assessment is kept; the case takes the latest level and score, "
    "and its checklist routes into the panel are re-evaluated. The response carries the "
    "case's new ETag.",
)
def assess(
    case_id: IdPath,
    data: AssessmentIn,
    request: Request,
    response: Response,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("assessments.add"))],
) -> CaseRiskOut:
    settings = request.app.state.settings
    out = service.assess_case(
        session=session,
        principal=principal,
        case_id=case_id,
        data=data,
        settings=settings,
        workflows=get_workflows(settings),
        access_days_after_closure=_access_days(request),
    )
    session.commit()
    response.headers["ETag"] = out.case_etag
    return out


@router.get(
    "",
    response_model=AssessmentHistory,
    summary="The case's assessments, oldest first (the level over time)",
)
def history(
    case_id: IdPath,
    request: Request,
    session: DbSession,
    principal: Annotated[Principal, Depends(READERS)],
) -> AssessmentHistory:
    out = service.case_assessments(
        session=session,
        principal=principal,
        case_id=case_id,
        settings=request.app.state.settings,
        access_days_after_closure=_access_days(request),
    )
    session.commit()
    return out
