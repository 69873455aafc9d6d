"""Risk assessment endpoints: a case's assessments, and the checklist they are scored with.

The checklist is a versioned file of local policy (workflows/risk/); a partner that caches
it must notice a new version, so its answer carries an ETag from the checklist's name and
version and answers 304 to a matching ``If-None-Match``. Not case data: not audited.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from riskpanel.api.caller import committed
from riskpanel.api.deps import DbSession
from riskpanel.api.params import IdPath
from riskpanel.assessments import projections, service
from riskpanel.assessments.access import Assessor, ChecklistReader, PanelReader
from riskpanel.assessments.schemas import (
    AgencyViewRecorded,
    AssessmentHistory,
    AssessmentIn,
    CaseRiskOut,
    ChecklistOut,
)

router = APIRouter()
case_router = APIRouter(prefix="/cases/{case_id}/assessments", tags=["risk assessments"])
checklist_router = APIRouter(prefix="/risk", tags=["risk assessments"])
CACHE_CONTROL = "private, max-age=300, must-revalidate"


@case_router.post(
    "",
    status_code=201,
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
    response: Response,
    session: DbSession,
    caller: Assessor,
) -> CaseRiskOut | AgencyViewRecorded:
    out = service.assess_case(session=session, caller=caller, case_id=case_id, data=data)
    etag = out.case_etag if isinstance(out, CaseRiskOut) else None
    return committed(session, out, response, etag)


@case_router.get(
    "",
    summary="The case's assessments, oldest first (the level over time)",
    description="The panel's decisions (`standing: decision`) and each agency's view "
    '(`standing: agency_view`, labelled in `view_of` as "<agency>\'s view"); only the '
    "decisions set the case's current level.",
)
def history(case_id: IdPath, session: DbSession, caller: PanelReader) -> AssessmentHistory:
    out = service.case_assessments(session=session, caller=caller, case_id=case_id)
    return committed(session, out)


def _matches(if_none_match: str | None, current: str) -> bool:
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or current in tags


@checklist_router.get(
    "/checklist",
    response_model=ChecklistOut,
    summary="Read the current risk checklist",
    responses={304: {"description": "Your copy (`If-None-Match`) is still current."}},
)
def read_checklist(
    response: Response,
    caller: ChecklistReader,
    if_none_match: Annotated[
        str | None, Header(max_length=500, description="The ETag of the copy you hold.")
    ] = None,
) -> ChecklistOut | Response:
    """Questions (ids to send as `question_id`), themes, weights, the sources an answer may
    come from, the level bands and lifts, and the version every assessment records. The
    ETag changes with the version: send it back as `If-None-Match` for a 304."""
    checklist = service.checklist_for(caller.settings)
    tag = projections.checklist_etag(checklist)
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
    if _matches(if_none_match, tag):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return projections.checklist_view(checklist)


router.include_router(case_router)
router.include_router(checklist_router)
