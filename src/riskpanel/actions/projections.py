"""Shaping actions for the caller: an agency's projection or the panel's fuller one, as JSON
or as CSV (the tracker, for the partner's own spreadsheet or system).

The CSV holds the same rows and fields the JSON list gives the caller; every cell a
spreadsheet would run as a formula is made text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any, cast

from pydantic import TypeAdapter
from sqlmodel import Session

from riskpanel.actions import repository as repo
from riskpanel.actions.schemas import (
    ActionDetail,
    ActionOut,
    ActionPage,
    PanelActionDetail,
    PanelActionOut,
)
from riskpanel.audit.export import safe_cell
from riskpanel.kit.concurrency import etag
from riskpanel.kit.principal import Principal
from riskpanel.models import Action, Case

PANEL_EVENTS = frozenset({"reopened", "reviewed"})

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


def action_etag(action: Action) -> str:
    return etag("action", action.id, action.row_version)


def event_view(update: repo.AnyRow) -> dict[str, object]:
    """A history row as `ActionEvent`'s fields (validated with the answer they are in)."""
    return {
        "id": update.id,
        "event": update.progress,  # the column keeps the event name
        "by": "panel" if update.progress in PANEL_EVENTS else "agency",
        "outcome": update.outcome,
        "reason": update.reason,
        "note": update.note,
        "at": update.at,
    }


def _fields(action: Action, case_reference: str) -> dict[str, object]:
    return {**action.model_dump(), "case_reference": case_reference, "etag": action_etag(action)}


def summaries(
    session: Session, principal: Principal, rows: Sequence[tuple[Action, str]]
) -> list[ActionOut | PanelActionOut]:
    """Each (action, case reference) row as the caller may see it."""
    if principal.is_agency:
        return [ActionOut.model_validate(_fields(a, ref)) for a, ref in rows]
    names = repo.agency_names(session, (a.agency_id for a, _ in rows))
    return [
        PanelActionOut.model_validate({**_fields(a, ref), "agency_name": names[a.agency_id]})
        for a, ref in rows
    ]


def detail(
    session: Session, principal: Principal, action: Action, case: Case
) -> ActionDetail | PanelActionDetail:
    assert action.id is not None
    history = [event_view(u) for u in repo.history(session, action.id)]
    fields = {**_fields(action, case.reference), "history": history}
    if principal.is_agency:
        return ActionDetail.model_validate(fields)
    names = repo.agency_names(session, [action.agency_id])
    return PanelActionDetail.model_validate({**fields, "agency_name": names[action.agency_id]})


# The list's rows are the database's own values, so they are validated once, as a list,
# by an adapter built at start-up (not once per row, after a copy through a mapped object).
_AGENCY_ITEMS: TypeAdapter[list[Any]] = TypeAdapter(list[ActionOut])
_PANEL_ITEMS: TypeAdapter[list[Any]] = TypeAdapter(list[PanelActionOut])


def listed(principal: Principal, rows: repo.Rows) -> list[PanelActionOut | ActionOut]:
    """`repository.list_visible`'s rows as the caller may see them (panel roles get the
    agency's name, which their rows carry)."""
    items = [row._asdict() for row in rows]
    for item in items:
        item["etag"] = etag("action", item["id"], item["row_version"])
    adapter = _AGENCY_ITEMS if principal.is_agency else _PANEL_ITEMS
    return cast(list[PanelActionOut | ActionOut], adapter.validate_python(items))


def page(principal: Principal, rows: repo.Rows, next_cursor: str | None) -> ActionPage:
    """The list's page, its items validated once by `listed`. Built without validating
    again: the page's items are a union, and pydantic would try each `ActionOut` as a
    `PanelActionOut` by its attributes (two failed lookups per row) before accepting it."""
    return ActionPage.model_construct(items=listed(principal, rows), next_cursor=next_cursor)


def as_csv(principal: Principal, rows: repo.Rows) -> str:
    """The rows as the caller's CSV (panel roles get the agency's name too)."""
    columns = COLUMNS if principal.is_agency else PANEL_COLUMNS
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for item in listed(principal, rows):
        values = item.model_dump()
        writer.writerow([_cell(values.get(name)) for name in columns])
    return buffer.getvalue()
