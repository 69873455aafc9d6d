"""Shaping actions for the caller: an agency's projection or the panel's fuller one."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from riskpanel.actions import repository as repo
from riskpanel.actions.schemas import (
    ActionDetail,
    ActionEvent,
    ActionOut,
    PanelActionDetail,
    PanelActionOut,
)
from riskpanel.kit.concurrency import etag
from riskpanel.kit.principal import Principal
from riskpanel.models import Action, ActionUpdate, Case

PANEL_EVENTS = frozenset({"reopened", "reviewed"})


def action_etag(action: Action) -> str:
    return etag("action", action.id, action.row_version)


def event_view(update: ActionUpdate) -> ActionEvent:
    return ActionEvent(
        id=update.id or 0,
        event=update.progress,  # the column keeps the event name
        by="panel" if update.progress in PANEL_EVENTS else "agency",
        outcome=update.outcome,
        reason=update.reason,
        note=update.note,
        at=update.at,
    )


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
