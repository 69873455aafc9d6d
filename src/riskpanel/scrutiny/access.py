"""Who may see which pack, and the audit entries scrutiny writes.

The panel's coordinator and chair see their own panel's packs, drafts included. A scrutiny
member sees released packs only (of their panel when their account names one). Anything else
is reported as not found, so draft and other panels' pack ids do not leak.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, select

from riskpanel.audit.service import record
from riskpanel.kit.errors import Conflict, Forbidden, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PANEL_ROLES, Role
from riskpanel.models import Panel, ScrutinyPack, ScrutinySummary
from riskpanel.models.enums import AuditAction

DRAFT, RELEASED = "draft", "released"
PURPOSE = "scrutiny"


def is_panel_role(principal: Principal) -> bool:
    return principal.role in PANEL_ROLES


def is_scrutiny(principal: Principal) -> bool:
    return principal.role == Role.SCRUTINY.value


def require_panel(session: Session, principal: Principal) -> Panel:
    """The panel a coordinator or chair works for; 403 for an account attached to none."""
    panel = session.get(Panel, principal.panel_id) if principal.panel_id else None
    if panel is None or not is_panel_role(principal):
        raise Forbidden("Your account is not attached to a panel.")
    return panel


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
    query = select(ScrutinyPack).where(col(ScrutinyPack.id) == pack_id)
    if for_update:
        query = query.with_for_update()
    pack = session.exec(query).first()
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
    query = select(ScrutinySummary).where(
        col(ScrutinySummary.id) == summary_id, col(ScrutinySummary.pack_id) == pack.id
    )
    if for_update:
        query = query.with_for_update()
    summary = session.exec(query).first()
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
    if principal.role != Role.COORDINATOR.value:
        raise Forbidden("Only the panel coordinator may change a scrutiny pack.")


def recipient_label(principal: Principal) -> str:
    return f"{principal.label} ({principal.role} user {principal.user_id})"


def audit(
    session: Session,
    principal: Principal,
    action: AuditAction,
    subject_type: str,
    subject_id: Any,
    *,
    case_id: int | None = None,
    recipients: Iterable[str] = (),
    fields: Iterable[str] = (),
    detail: dict[str, Any] | None = None,
) -> None:
    record(
        session=session,
        principal=principal,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        purpose=PURPOSE,
        case_id=case_id,
        recipients=recipients,
        fields=fields,
        detail=detail,
    )
