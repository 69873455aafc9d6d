"""Assessment models: four questions a scrutiny panel asks of each case (HMICFRS's dip
sample), an overall grade and a comment, the coordinator's answer, and the pack's counts.

The words shown to people live here too (``QUESTIONS``, ``ANSWERS``, ``GRADES``), so the web
page, the JSON and the PDF name each question and answer the same way.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from riskpanel.kit.schemas import InputModel, OutputModel, examples
from riskpanel.scrutiny.statistics.schemas import StatTableOut

Answer = Literal["yes", "no", "cannot_tell"]
Grade = Literal["good", "adequate", "needs_improvement"]
COMMENT_MAX = 2000
RESPONSE_MAX = 5000

QUESTIONS: dict[str, str] = {
    "kept_informed": "Was the victim kept informed?",
    "referred_to_support": "Was the victim referred to support?",
    "flagged_correctly": "Was the case flagged correctly as a hate crime or incident?",
    "response_timely": "Was the response timely?",
}
ANSWERS: dict[str, str] = {"yes": "Yes", "no": "No", "cannot_tell": "Cannot tell"}
GRADES: dict[str, str] = {
    "good": "Good",
    "adequate": "Adequate",
    "needs_improvement": "Needs improvement",
}
OVERALL = "Overall, how well was the case handled?"
_ANSWER_HELP = "yes, no, or cannot_tell (the summary does not say)."


class ScrutinyAssessmentIn(InputModel):
    model_config = examples(
        {
            "kept_informed": "yes",
            "referred_to_support": "no",
            "flagged_correctly": "yes",
            "response_timely": "cannot_tell",
            "overall": "adequate",
            "comment": "No support referral is recorded although the victim asked for one.",
        }
    )

    kept_informed: Answer = Field(description=f"{QUESTIONS['kept_informed']} {_ANSWER_HELP}")
    referred_to_support: Answer = Field(
        description=f"{QUESTIONS['referred_to_support']} {_ANSWER_HELP}"
    )
    flagged_correctly: Answer = Field(
        description=f"{QUESTIONS['flagged_correctly']} {_ANSWER_HELP}"
    )
    response_timely: Answer = Field(description=f"{QUESTIONS['response_timely']} {_ANSWER_HELP}")
    overall: Grade = Field(description=f"{OVERALL} good, adequate or needs_improvement.")
    comment: str = Field(
        "",
        max_length=COMMENT_MAX,
        description="Optional. Names, addresses, contact details, dates of birth and "
        "references are removed before it is stored, as in the summaries themselves.",
    )


class ScrutinyAssessmentResponseIn(InputModel):
    model_config = examples(
        {"response": "Agreed: the support referral is now a required step at screening."}
    )

    response: str = Field(
        min_length=1,
        max_length=RESPONSE_MAX,
        description="The coordinator's answer: what the panel did or will do. Given once; "
        "identifying details are removed as in the comment.",
    )


class ScrutinyAssessmentOut(OutputModel):
    model_config = examples(
        {
            "id": 12,
            "pack_id": 3,
            "pack_title": "Scrutiny pack, April to June 2026",
            "summary_id": 41,
            "summary_label": "Case 2",
            "kept_informed": "yes",
            "referred_to_support": "no",
            "flagged_correctly": "yes",
            "response_timely": "cannot_tell",
            "overall": "adequate",
            "comment": "No support referral is recorded although the victim asked for one.",
            "created_at": "2026-07-02T10:15:00Z",
            "updated_at": "2026-07-02T10:20:00Z",
            "member": "Amira Shah",
            "source_case_id": 118,
            "response": "Agreed: the support referral is now a required step at screening.",
            "responded_at": "2026-07-09T09:00:00Z",
            "answered": True,
            "editable": False,
        }
    )

    id: int
    pack_id: int
    pack_title: str
    summary_id: int
    summary_label: str
    kept_informed: Answer
    referred_to_support: Answer
    flagged_correctly: Answer
    response_timely: Answer
    overall: Grade
    comment: str
    created_at: datetime
    updated_at: datetime
    member: str | None = Field(None, description="Shown to the panel only.")
    source_case_id: int | None = Field(None, description="Shown to the panel only.")
    response: str | None
    responded_at: datetime | None
    answered: bool
    editable: bool = Field(description="True until the coordinator answers.")


class ScrutinyAssessmentList(OutputModel):
    items: list[ScrutinyAssessmentOut]


class ScrutinyAssessmentFigures(OutputModel):
    """The pack's assessments counted, published under the same 10-5 rule as its figures."""

    pack_id: int
    assessments: int | None = Field(
        description="How many assessments, rounded; null when below the threshold."
    )
    tables: list[StatTableOut]
    notes: list[str]


class ScrutinyActionTaken(OutputModel):
    """One answer given to an assessment: what the members said, what the panel did."""

    summary_label: str
    overall: Grade
    said: str = Field(description="The member's comment, or the answers that needed action.")
    did: str
    responded_at: datetime


class ScrutinyPackActions(OutputModel):
    pack_id: int
    pack_title: str
    period_start: date
    period_end: date
    actions: list[ScrutinyActionTaken]


class YouSaidWeDid(OutputModel):
    packs: list[ScrutinyPackActions]
