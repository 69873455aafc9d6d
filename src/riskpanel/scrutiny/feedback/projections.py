"""Feedback as each reader sees it: the panel sees who gave it and the source case; a
member sees neither, only their own rating, comment and the answer."""

from __future__ import annotations

from riskpanel.kit.schemas import row_fields
from riskpanel.models import ScrutinyFeedback, ScrutinySummary
from riskpanel.scrutiny.feedback.schemas import FeedbackOut


def feedback_out(
    row: ScrutinyFeedback, summary: ScrutinySummary, *, panel_view: bool, member: str | None
) -> FeedbackOut:
    """The row's own columns, with the summary it is about; who gave it and the source case
    only for the panel."""
    derived = {
        "pack_id": summary.pack_id,
        "summary_id": summary.id or 0,
        "summary_label": summary.label,
        "member": member if panel_view else None,
        "source_case_id": summary.source_case_id if panel_view else None,
        "answered": row.response is not None,
    }
    return FeedbackOut.model_validate(row_fields(row) | derived)
