"""An agency's actions (the tracker) as CSV, for the partner's own spreadsheet or system.

The same rows the JSON list gives the caller, so the same filters and the same reach; the
download leaves riskpanel, so it is logged as a disclosure to the caller (like the access
log's export), and every cell a spreadsheet would run as a formula is made text.
"""

from __future__ import annotations

import csv
import io

from sqlmodel import Session

from riskpanel.access.service import agency_may_receive
from riskpanel.actions import projections
from riskpanel.actions import repository as repo
from riskpanel.actions.schemas import ActionFilters
from riskpanel.audit.export import safe_cell
from riskpanel.audit.service import record
from riskpanel.kit.pagination import encode_cursor
from riskpanel.kit.principal import Principal
from riskpanel.models.enums import AuditAction

COLUMNS = (
    "id",
    "reference",
    "case_id",
    "case_reference",
    "meeting_id",
    "agency_id",
    "description",
    "due_on",
    "progress",
    "outcome",
    "overdue",
    "review_outcome",
    "reviewed_at",
    "created_at",
    "updated_at",
    "etag",
)
PANEL_COLUMNS = (*COLUMNS[:6], "agency_name", *COLUMNS[6:])


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(value)


def export_actions(
    *,
    session: Session,
    principal: Principal,
    filters: ActionFilters,
    access_days_after_closure: int,
    limit: int,
    after_id: int | None,
) -> tuple[str, str | None]:
    """The CSV text and, when more rows match, the cursor that continues it."""
    condition = repo.scope(principal, access_days_after_closure=access_days_after_closure)
    rows = repo.list_actions(session, condition, filters, after_id=after_id, limit=limit + 1)
    if not agency_may_receive(session, principal):
        rows = []
    page = rows[:limit]
    next_cursor = encode_cursor(page[-1][0].id or 0) if len(rows) > limit and page else None
    columns = COLUMNS if principal.is_agency else PANEL_COLUMNS
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for item in projections.summaries(session, principal, page):
        values = item.model_dump()
        writer.writerow([_cell(values.get(name)) for name in columns])
    record(
        session=session,
        principal=principal,
        action=AuditAction.DISCLOSURE,
        subject_type="action_list",
        purpose="action_tracking",
        fields=["reference", "description", "due_on", "progress", "outcome"],
        recipients=[principal.label],
        detail={"action_ids": [a.id for a, _ in page], "format": "csv"},
    )
    return buffer.getvalue(), next_cursor
