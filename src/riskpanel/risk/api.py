"""The risk checklist as data, so partner systems can build their assessment forms.

The checklist is a versioned file of local policy (workflows/risk/); a partner that caches
it must notice a new version, so the answer carries an ETag from the checklist's name and
version and answers 304 to a matching ``If-None-Match``. Not case data: not audited.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Request, Response
from pydantic import BaseModel, Field

from riskpanel.api.access import allow
from riskpanel.assessments.scoring import checklist_for
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.risk.checklist import Checklist

router = APIRouter(prefix="/risk", tags=["risk assessments"])
Reader = Annotated[
    Principal, Depends(allow(Role.COORDINATOR, Role.CHAIR, Role.AGENCY, Role.AGENCY_CLIENT))
]
CACHE_CONTROL = "private, max-age=300, must-revalidate"


class QuestionOut(BaseModel):
    id: str = Field(description="Send as `question_id` in an assessment's answers.")
    theme: str
    text: str
    weight: int = Field(description="Added to the score by a `yes` answer.")
    significant_concern: bool = Field(
        description="A `yes` counts towards the lifts, whatever the total score."
    )


class LevelBandOut(BaseModel):
    level: str
    from_score: int = Field(description="The level runs from this score to the next band's.")


class LiftOut(BaseModel):
    significant_concerns: int
    to: str = Field(description="At least this level once that many significant concerns.")


class ChecklistOut(BaseModel):
    name: str
    version: str = Field(description="Recorded on every assessment scored with it.")
    title: str
    answers: list[Literal["yes", "no", "unknown"]] = Field(
        description="The answers an assessment may give; questions left out count as unknown."
    )
    sources: list[str] = Field(description="Who may have given an answer (`source`).")
    levels: list[LevelBandOut]
    lifts: list[LiftOut]
    max_score: int
    questions: list[QuestionOut]


def checklist_view(checklist: Checklist) -> ChecklistOut:
    return ChecklistOut(
        name=checklist.name,
        version=checklist.version,
        title=checklist.title,
        answers=["yes", "no", "unknown"],
        sources=list(checklist.sources),
        levels=[
            LevelBandOut(level=b.level.value, from_score=b.from_score) for b in checklist.levels
        ],
        lifts=[
            LiftOut(significant_concerns=lf.significant_concerns, to=lf.to.value)
            for lf in checklist.lifts
        ],
        max_score=checklist.max_score,
        questions=[
            QuestionOut.model_validate(q, from_attributes=True) for q in checklist.questions
        ],
    )


def checklist_etag(checklist: Checklist) -> str:
    return f'"checklist-{checklist.name}-{checklist.version}"'


def _matches(if_none_match: str | None, current: str) -> bool:
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or current in tags


@router.get(
    "/checklist",
    response_model=ChecklistOut,
    summary="Read the current risk checklist",
    responses={304: {"description": "Your copy (`If-None-Match`) is still current."}},
)
def read_checklist(
    request: Request,
    response: Response,
    principal: Reader,
    if_none_match: Annotated[
        str | None, Header(max_length=500, description="The ETag of the copy you hold.")
    ] = None,
) -> ChecklistOut | Response:
    """Questions (ids to send as `question_id`), themes, weights, the sources an answer may
    come from, the level bands and lifts, and the version every assessment records. The
    ETag changes with the version: send it back as `If-None-Match` for a 304."""
    checklist = checklist_for(request.app.state.settings)
    tag = checklist_etag(checklist)
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
    if _matches(if_none_match, tag):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return checklist_view(checklist)
