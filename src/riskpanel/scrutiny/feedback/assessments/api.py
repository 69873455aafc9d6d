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
    AssessmentFigures,
    AssessmentIn,
    AssessmentList,
    AssessmentOut,
    AssessmentResponseIn,
    YouSaidWeDid,
)

router = APIRouter()
DbSession = Annotated[Session, Depends(get_session)]
MINE = "/summaries/{summary_id}/assessment"


@router.put(
    MINE,
    response_model=AssessmentOut,
    responses={201: {"model": AssessmentOut, "description": "Created."}},
    summary="Assess a summary",
)
def assess(
    summary_id: int,
    data: AssessmentIn,
    response: Response,
    session: DbSession,
    principal: FeedbackGiver,
) -> AssessmentOut:
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


@router.get(MINE, response_model=AssessmentOut, summary="My assessment of a summary")
def my_assessment(summary_id: int, session: DbSession, principal: Member) -> AssessmentOut:
    """The calling member's own assessment and the coordinator's answer (404: none yet)."""
    out = assessments.own_assessment(session=session, principal=principal, summary_id=summary_id)
    session.commit()
    if out is None:
        raise NotFound("You have not assessed this summary.")
    return out


@router.get("/assessments", response_model=AssessmentList, summary="Assessments")
def list_assessments(
    session: DbSession,
    principal: Reader,
    pack_id: int | None = None,
    answered: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AssessmentList:
    """The panel sees every assessment on its packs, with the member and the source case; a
    member sees their own, with the coordinator's answers."""
    items = assessments.list_assessments(
        session=session, principal=principal, pack_id=pack_id, answered=answered, limit=limit
    )
    session.commit()
    return AssessmentList(items=items)


@router.post(
    "/assessments/{assessment_id}/response",
    response_model=AssessmentOut,
    summary="Answer an assessment",
)
def answer_assessment(
    assessment_id: int,
    data: AssessmentResponseIn,
    session: DbSession,
    principal: FeedbackAnswerer,
) -> AssessmentOut:
    """The coordinator's answer: what the panel did. Given once (a second is 409); the
    member can no longer change the assessment afterwards."""
    out = assessments.respond(
        session=session, principal=principal, assessment_id=assessment_id, response=data.response
    )
    session.commit()
    return out


@router.get(
    "/packs/{pack_id}/assessment-figures",
    response_model=AssessmentFigures,
    summary="Assessments counted",
)
def assessment_figures(pack_id: int, session: DbSession, principal: Reader) -> AssessmentFigures:
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
