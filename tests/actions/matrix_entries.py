"""Access-matrix entries for the action and research routes.

The registry lives in ``tests/security/matrix_spec.py`` (owned by Security); merge these
with ``ROUTES.update(ACTION_ROUTES)``. ``test_matrix_entries.py`` runs them through the same
matrix engine so they are known to hold before they are merged.
"""

from __future__ import annotations

from datetime import date, timedelta

from riskpanel.actions.service import create_action
from riskpanel.kit.concurrency import etag
from riskpanel.kit.principal import SYSTEM
from riskpanel.models import Action
from tests.security.matrix import Call, Ctx, Route

PANEL = frozenset({"coordinator", "chair"})
AGENCY = frozenset({"agency", "agency_client"})
RESEARCH = {"items": [{"kind": "fact", "text": "No trace on agency systems."}]}


def fresh_action(ctx: Ctx, related: bool, *, finished: bool = False) -> Action:
    """Related: the police's action on the test panel. Unrelated: the outside agency's
    action on another panel (out of reach of the police and of the test panel's roles)."""
    case = ctx.fresh_case(related)
    action = create_action(
        session=ctx.session,
        principal=SYSTEM,
        case_id=case.id or 0,
        meeting_id=None,
        agency_id=ctx.agency_id(related),
        description="Probe action",
        due_on=date.today() + timedelta(days=14),
        settings=ctx.settings,
    )
    if finished:
        action.progress, action.outcome = "completed", "Done."
        ctx.session.add(action)
    ctx.session.commit()
    return action


def action_path(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"action_id": fresh_action(ctx, related).id})


def action_update(ctx: Ctx, role: str, related: bool) -> Call:
    action = fresh_action(ctx, related)
    return Call(
        path={"action_id": action.id},
        json={"progress": "acknowledged", "note": "Probe note"},
        headers={"If-Match": etag("action", action.id, action.row_version)},
    )


def action_reopen(ctx: Ctx, role: str, related: bool) -> Call:
    action = fresh_action(ctx, related, finished=True)
    return Call(
        path={"action_id": action.id},
        json={"reason": "Probe reopening"},
        headers={"If-Match": etag("action", action.id, action.row_version)},
    )


def research_return(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"case_id": ctx.fresh_case(related).id}, json=RESEARCH)


def research_read(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"case_id": ctx.case(related).id})


ACTION_ROUTES: dict[tuple[str, str], Route] = {
    ("GET", "/api/v1/actions"): Route(allowed=PANEL | AGENCY),
    ("GET", "/api/v1/actions/{action_id}"): Route(
        allowed=PANEL | AGENCY, build=action_path, scoped=True
    ),
    ("POST", "/api/v1/actions/{action_id}/updates"): Route(
        allowed=AGENCY, build=action_update, scoped=True, ok=frozenset({201})
    ),
    ("POST", "/api/v1/actions/{action_id}/reopen"): Route(
        allowed=frozenset({"coordinator"}), build=action_reopen, scoped=True
    ),
    ("GET", "/api/v1/cases/{case_id}/research"): Route(
        allowed=PANEL | AGENCY, build=research_read, scoped=True
    ),
    ("POST", "/api/v1/cases/{case_id}/research"): Route(
        allowed=AGENCY, build=research_return, scoped=True, ok=frozenset({201})
    ),
}
ENTRIES = ACTION_ROUTES
