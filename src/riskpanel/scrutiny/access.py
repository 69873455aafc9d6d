"""Who may see which pack, who may change it, and the audit entries scrutiny writes.

The panel's coordinator and chair see their own panel's packs, drafts included. A scrutiny
member sees released packs only (of their panel when their account names one). Anything else
is reported as not found, so draft and other panels' pack ids do not leak.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from sqlmodel import Session

from riskpanel.api.access import allow, authority
from riskpanel.api.caller import as_caller
from riskpanel.audit.service import record
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import Conflict, Forbidden, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PANEL_ROLES, Role
from riskpanel.models import Panel, ScrutinyPack, ScrutinySummary
from riskpanel.models.enums import AuditAction
from riskpanel.scrutiny.packs.repository import pack_by_id
from riskpanel.scrutiny.summaries.repository import summary_in_pack

DRAFT, RELEASED = "draft", "released"
PURPOSE = "scrutiny"
PANEL = (Role.COORDINATOR, Role.CHAIR)
READERS = (Role.COORDINATOR, Role.CHAIR, Role.SCRUTINY)

# Named access dependencies for the scrutiny endpoints and pages: the panel (coordinator or
# chair), every reader (the panel and scrutiny members), and the writes the authority table
# declares ("scrutiny.pack", "scrutiny.feedback", "scrutiny.answer").
PanelRole = Annotated[Principal, Depends(allow(*PANEL))]
Reader = Annotated[Principal, Depends(allow(*READERS))]
Member = Annotated[Principal, Depends(allow(Role.SCRUTINY))]
PanelCaller = Annotated[Caller, Depends(as_caller(allow(*PANEL)))]
ReaderCaller = Annotated[Caller, Depends(as_caller(allow(*READERS)))]
PackWriter = Annotated[Principal, Depends(authority("scrutiny.pack"))]
PackWriterCaller = Annotated[Caller, Depends(as_caller(authority("scrutiny.pack")))]
FeedbackGiver = Annotated[Principal, Depends(authority("scrutiny.feedback"))]
FeedbackAnswerer = Annotated[Principal, Depends(authority("scrutiny.answer"))]


def is_panel_role(principal: Principal) -> bool:
    return principal.role in PANEL_ROLES


def is_coordinator(principal: Principal) -> bool:
    """The one role that changes packs and answers feedback; the chair only looks."""
    return principal.role == Role.COORDINATOR.value


def is_scrutiny(principal: Principal) -> bool:
    return principal.role == Role.SCRUTINY.value


def require_panel(session: Session, principal: Principal) -> Panel:
    """The panel a coordinator or chair works for; 403 for an account attached to none."""
    panel = session.get(Panel, principal.panel_id) if principal.panel_id else None
    if panel is None or not is_panel_role(principal):
        raise Forbidden("Your account is not attached to a panel.")
    return panel


def command_line_coordinator(session: Session, panel_id: int) -> Principal:
    """The command line acts as the panel's coordinator, so it goes through the same rules
    (and writes the same audit entries) as the coordinator on the web."""
    if session.get(Panel, panel_id) is None:
        raise NotFound(f"no panel with id {panel_id}")
    return Principal(role=Role.COORDINATOR, label="riskpanel command line", panel_id=panel_id)


def pack_coordinator(session: Session, pack_id: int) -> Principal:
    """The command line's coordinator for the panel that owns the pack."""
    row = session.get(ScrutinyPack, pack_id)
    if row is None:
        raise NotFound(f"no scrutiny pack with id {pack_id}")
    return command_line_coordinator(session, row.panel_id)


def may_see(principal: Principal, pack: ScrutinyPack) -> bool:
    if is_panel_role(principal):
        return principal.panel_id is not None and pack.panel_id == principal.panel_id
    if is_scrutiny(principal):
        own_panel = principal.panel_id is None or principal.panel_id == pack.panel_id
        return pack.status == RELEASED and own_panel
    return False


def get_pack(
    session: Session, principal: Principal, pack_id: int, *, for_update: bool = False
) -> ScrutinyPack:
    pack = pack_by_id(session, pack_id, for_update=for_update)
    if pack is None or not may_see(principal, pack):
        raise NotFound()
    return pack


def get_summary(
    session: Session,
    principal: Principal,
    pack: ScrutinyPack,
    summary_id: int,
    *,
    for_update: bool = False,
) -> ScrutinySummary:
    summary = summary_in_pack(session, pack, summary_id, for_update=for_update)
    if summary is None or (is_scrutiny(principal) and summary.withheld):
        raise NotFound()
    return summary


def require_draft(pack: ScrutinyPack) -> None:
    """A released pack is immutable: any attempt to change it is a conflict."""
    if pack.status != DRAFT:
        raise Conflict(
            "This pack has been released and can no longer be changed.",
            extra={"status": pack.status},
        )


def require_panel_writer(principal: Principal) -> None:
    if not is_coordinator(principal):
        raise Forbidden("Only the panel coordinator may change a scrutiny pack.")


def recipient_label(principal: Principal) -> str:
    return f"{principal.label} ({principal.role} user {principal.user_id})"


def audit(
    session: Session,
    principal: Principal,
    action: AuditAction,
    subject_type: str,
    subject_id: Any,
    **about: Any,
) -> None:
    """One access-log row for scrutiny's purpose; ``about`` may name the ``case_id``, the
    ``recipients``, the ``fields`` read or changed and a ``detail`` mapping."""
    subject = {"subject_type": subject_type, "subject_id": subject_id}
    record(session=session, principal=principal, action=action, purpose=PURPOSE, **subject, **about)
