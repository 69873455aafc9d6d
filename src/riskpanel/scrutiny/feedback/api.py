"""Feedback endpoints: a scrutiny member's rating of a summary, the panel's answer, and the
report of how quickly feedback was answered."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from riskpanel.api.deps import DbSession
from riskpanel.scrutiny.access import FeedbackAnswerer, FeedbackGiver, Reader
from riskpanel.scrutiny.feedback import service as feedback
from riskpanel.scrutiny.feedback.assessments.api import router as assessments_router
from riskpanel.scrutiny.feedback.projections import feedback_out
from riskpanel.scrutiny.feedback.schemas import (
    FeedbackIn,
    FeedbackList,
    FeedbackOut,
    FeedbackReport,
    FeedbackResponseIn,
)

router = APIRouter()
router.include_router(assessments_router)


@router.post(
    "/summaries/{summary_id}/feedback",
    status_code=201,
    response_model=FeedbackOut,
    summary="Give feedback on a summary",
)
def give_feedback(
    summary_id: int, data: FeedbackIn, session: DbSession, principal: FeedbackGiver
) -> FeedbackOut:
    row, summary = feedback.add_feedback(
        session=session, principal=principal, summary_id=summary_id, data=data
    )
    session.commit()
    return feedback_out(row, summary, panel_view=False, member=None)


@router.get("/feedback", response_model=FeedbackList, summary="Feedback")
def list_feedback(
    session: DbSession,
    principal: Reader,
    pack_id: int | None = None,
    answered: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> FeedbackList:
    """The panel sees all feedback on its packs; a member sees their own, with answers."""
    items = feedback.list_feedback(
        session=session, principal=principal, pack_id=pack_id, answered=answered, limit=limit
    )
    session.commit()
    return FeedbackList(items=items)


@router.post(
    "/feedback/{feedback_id}/response", response_model=FeedbackOut, summary="Answer feedback"
)
def answer_feedback(
    feedback_id: int, data: FeedbackResponseIn, session: DbSession, principal: FeedbackAnswerer
) -> FeedbackOut:
    """Answered once; a second answer is refused (409)."""
    row, summary = feedback.respond(
        session=session, principal=principal, feedback_id=feedback_id, response=data.response
    )
    session.commit()
    return feedback_out(row, summary, panel_view=True, member=None)


@router.get(
    "/packs/{pack_id}/feedback-report", response_model=FeedbackReport, summary="Feedback loop"
)
def feedback_report(pack_id: int, session: DbSession, principal: Reader) -> FeedbackReport:
    """How much feedback was answered and how quickly."""
    return feedback.feedback_report(session=session, principal=principal, pack_id=pack_id)
