"""Assessment endpoints: a scrutiny member's structured review of a released summary, the
coordinator's answer, the pack's counts of assessments and "you said, we did"."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from sqlmodel import Session

from riskpanel.api.deps import get_session
from riskpanel.kit.errors import NotFound
from riskpanel.scrutiny.access import FeedbackAnswerer, FeedbackGiver, Member, Reader
from riskpanel.scrutiny.feedback.assessments import service as assessments
from riskpanel.scrutiny.feedback.assessments.schemas import (
    ScrutinyAssessmentFigures,
    ScrutinyAssessmentIn,
    ScrutinyAssessmentList,
    ScrutinyAssessmentOut,
    ScrutinyAssessmentResponseIn,
    YouSaidWeDid,
)

router = APIRouter()
DbSession = Annotated[Session, Depends(get_session)]
MINE = "/summaries/{summary_id}/assessment"


@router.put(
    MINE,
    response_model=ScrutinyAssessmentOut,
    responses={201: {"model": ScrutinyAssessmentOut, "description": "Created."}},
    summary="Assess a summary",
)
def assess(
    summary_id: int,
    data: ScrutinyAssessmentIn,
    response: Response,
    session: DbSession,
    principal: FeedbackGiver,
) -> ScrutinyAssessmentOut:
    """A scrutiny member's structured review of one released summary: four questions (yes,
    no or cannot tell), an overall grade and an optional comment. One per member per summary:
    the first call creates it (201), later calls change it (200) until the coordinator has
    answered (then 409). Identifying details are removed from the comment before it is
    stored. An invalid answer is a 422 problem naming the field."""
    out, created = assessments.assess(
        session=session, principal=principal, summary_id=summary_id, data=data
    )
    session.commit()
    response.status_code = 201 if created else 200
    return out


@router.get(MINE, response_model=ScrutinyAssessmentOut, summary="My assessment of a summary")
def my_assessment(summary_id: int, session: DbSession, principal: Member) -> ScrutinyAssessmentOut:
    """The calling member's own assessment and the coordinator's answer (404: none yet)."""
    out = assessments.own_assessment(session=session, principal=principal, summary_id=summary_id)
    session.commit()
    if out is None:
        raise NotFound("You have not assessed this summary.")
    return out


@router.get("/assessments", response_model=ScrutinyAssessmentList, summary="Assessments")
def list_assessments(
    session: DbSession,
    principal: Reader,
    pack_id: int | None = None,
    answered: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> ScrutinyAssessmentList:
    """The panel sees every assessment on its packs, with the member and the source case; a
    member sees their own, with the coordinator's answers."""
    items = assessments.list_assessments(
        session=session, principal=principal, pack_id=pack_id, answered=answered, limit=limit
    )
    session.commit()
    return ScrutinyAssessmentList(items=items)


@router.post(
    "/assessments/{assessment_id}/response",
    response_model=ScrutinyAssessmentOut,
    summary="Answer an assessment",
)
def answer_assessment(
    assessment_id: int,
    data: ScrutinyAssessmentResponseIn,
    session: DbSession,
    principal: FeedbackAnswerer,
) -> ScrutinyAssessmentOut:
    """The coordinator's answer: what the panel did. Given once (a second is 409); the
    member can no longer change the assessment afterwards."""
    out = assessments.respond(
        session=session, principal=principal, assessment_id=assessment_id, response=data.response
    )
    session.commit()
    return out


@router.get(
    "/packs/{pack_id}/assessment-figures",
    response_model=ScrutinyAssessmentFigures,
    summary="Assessments counted",
)
def assessment_figures(
    pack_id: int, session: DbSession, principal: Reader
) -> ScrutinyAssessmentFigures:
    """Answers to each question and the overall grades across the pack's assessments, with
    counts below the threshold suppressed and the rest rounded (the pack's 10-5 rule)."""
    out = assessments.pack_figures(session=session, principal=principal, pack_id=pack_id)
    session.commit()
    return out


@router.get("/you-said-we-did", response_model=YouSaidWeDid, summary="You said, we did")
def you_said_we_did(session: DbSession, principal: Reader) -> YouSaidWeDid:
    """Every answer the coordinator has given to an assessment, by pack, newest first."""
    out = assessments.you_said_we_did(session=session, principal=principal)
    session.commit()
    return out
