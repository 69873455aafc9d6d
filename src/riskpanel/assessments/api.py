"""Risk assessment endpoints under a case."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session

from riskpanel.api.access import allow, authority
from riskpanel.api.deps import get_session
from riskpanel.api.params import IdPath
from riskpanel.assessments import service
from riskpanel.assessments.schemas import (
    AgencyViewRecorded,
    AssessmentHistory,
    AssessmentIn,
    CaseRiskOut,
)
from riskpanel.cases.workflows import get_workflows
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role

router = APIRouter(prefix="/cases/{case_id}/assessments", tags=["risk assessments"])
READERS = allow(Role.COORDINATOR, Role.CHAIR)
DbSession = Annotated[Session, Depends(get_session)]


def _access_days(request: Request) -> int:
    return int(request.app.state.settings.agency_access_days_after_closure)


@router.post(
    "",
    status_code=201,
    response_model=CaseRiskOut | AgencyViewRecorded,
    summary="Assess the case against the risk checklist",
    description="Answers are yes, no or unknown, each with its source; questions left out "
    "count as unknown. Professional judgement may raise the level, never lower it, and "
    "needs a reason. Every assessment is kept. The case's risk level is the panel's "
    "decision: an assessment by the coordinator or chair sets the case's level and score, "
    "re-evaluates its checklist routes into the panel, and the response carries the "
    "case's new ETag. An agency's assessment is recorded as that agency's view for the "
    "panel and changes nothing on the case; the agency gets back only the assessment's id, "
    "when it was recorded and its standing (`agency_view`).",
)
def assess(
    case_id: IdPath,
    data: AssessmentIn,
    request: Request,
    response: Response,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("assessments.add"))],
) -> CaseRiskOut | AgencyViewRecorded:
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
    if isinstance(out, CaseRiskOut):
        response.headers["ETag"] = out.case_etag
    return out


@router.get(
    "",
    response_model=AssessmentHistory,
    summary="The case's assessments, oldest first (the level over time)",
    description="The panel's decisions (`standing: decision`) and each agency's view "
    '(`standing: agency_view`, labelled in `view_of` as "<agency>\'s view"); only the '
    "decisions set the case's current level.",
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
