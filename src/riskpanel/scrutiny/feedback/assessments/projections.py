"""Assessments as each reader sees them, and the pack's counts of them.

The panel sees who assessed and the source case; a member sees neither, only their own
answers and the coordinator's answer. The counts go through the statistics tables' own
publication step (the ONS 10-5 rule with secondary suppression), at the pack's threshold and
rounding, so an assessment count is protected exactly like every other figure in the pack.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from riskpanel.models import ScrutinyAssessment, ScrutinyPack, ScrutinySummary
from riskpanel.privacy import suppress_table
from riskpanel.scrutiny.feedback.assessments.schemas import (
    ANSWERS,
    GRADES,
    QUESTIONS,
    ScrutinyAssessmentFigures,
    ScrutinyAssessmentOut,
)
from riskpanel.scrutiny.statistics.schemas import StatTableOut
from riskpanel.scrutiny.statistics.tables import RawTable, publish_table


def assessment_out(
    row: ScrutinyAssessment,
    summary: ScrutinySummary,
    pack: ScrutinyPack,
    *,
    panel_view: bool,
    member: str | None,
) -> ScrutinyAssessmentOut:
    return ScrutinyAssessmentOut.model_validate(
        {
            **row.model_dump(
                include={
                    "kept_informed",
                    "referred_to_support",
                    "flagged_correctly",
                    "response_timely",
                    "overall",
                    "comment",
                    "created_at",
                    "updated_at",
                    "response",
                    "responded_at",
                }
            ),
            "id": row.id or 0,
            "pack_id": pack.id or 0,
            "pack_title": pack.title,
            "summary_id": summary.id or 0,
            "summary_label": summary.label,
            "member": member if panel_view else None,
            "source_case_id": summary.source_case_id if panel_view else None,
            "answered": row.response is not None,
            "editable": row.response is None,
        }
    )


def raw_tables(rows: Sequence[ScrutinyAssessment]) -> list[RawTable]:
    """True counts (never sent): each question by answer, and the overall grades."""
    per_question = {
        text: {ANSWERS[a]: sum(getattr(r, key) == a for r in rows) for a in ANSWERS}
        for key, text in QUESTIONS.items()
    }
    grades = Counter(r.overall for r in rows)
    return [
        RawTable(
            "assessment_questions",
            "Members' assessments: answers to each question",
            "Question",
            "rows",
            per_question,
            len(rows),
            columns=tuple(ANSWERS.values()),
            unit="assessments",
        ),
        RawTable(
            "assessment_overall",
            "Members' assessments: overall grade",
            "Overall grade",
            "oneway",
            {text: grades.get(key, 0) for key, text in GRADES.items()},
            len(rows),
            unit="assessments",
        ),
    ]


def figures_out(
    pack: ScrutinyPack, rows: Sequence[ScrutinyAssessment]
) -> ScrutinyAssessmentFigures:
    threshold = int(pack.statistics.get("threshold", 10))
    rounding = int(pack.statistics.get("rounding", 5))
    tables = [
        StatTableOut.model_validate(publish_table(t, threshold=threshold, rounding=rounding))
        for t in raw_tables(rows)
    ]
    total = suppress_table({"all": len(rows)}, threshold=threshold, rounding=rounding)
    return ScrutinyAssessmentFigures(
        pack_id=pack.id or 0,
        assessments=total.cells["all"],
        tables=tables,
        notes=[
            f"Counts below {threshold} are suppressed and others rounded to the nearest "
            f"{rounding}, as for the pack's other figures. They change as members assess "
            "summaries, so they are not part of the pack's fingerprint."
        ],
    )
