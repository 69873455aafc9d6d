"""What moving a case reads from the database: the facts its workflow's guards need, its
next listing, and whom to tell of the move."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from riskpanel.models import (
    Action,
    AgendaItem,
    Case,
    Meeting,
    Panel,
    PanelMembership,
    Referral,
)
from riskpanel.models.enums import ActionProgress
from riskpanel.workflow import (
    GuardContext,
)
from riskpanel.workflow.offsets import Offset, compute_due
from riskpanel.workflow.schema import WorkflowDef

UNFINISHED = (ActionProgress.COMPLETED.value, ActionProgress.NOT_POSSIBLE.value)


def thresholds(session: Session, case: Case, defn: WorkflowDef) -> dict[str, int]:
    panel = session.get(Panel, case.panel_id)
    overrides = panel.thresholds if panel else {}
    return {**defn.thresholds, **{k: int(v) for k, v in overrides.items()}}


def _count_actions(session: Session, case_id: int, *, open_only: bool) -> int:
    excluded = UNFINISHED if open_only else (ActionProgress.COMPLETED.value,)
    return session.exec(
        select(func.count())
        .select_from(Action)
        .where(
            Action.case_id == case_id,
            col(Action.review_outcome).is_(None),
            col(Action.progress).not_in(excluded),
        )
    ).one()


def next_listing(session: Session, case_id: int, now: datetime) -> Meeting | None:
    """The upcoming meeting whose agenda carries the case."""
    return session.exec(
        select(Meeting)
        .join(AgendaItem, col(AgendaItem.meeting_id) == col(Meeting.id))
        .where(
            AgendaItem.case_id == case_id,
            Meeting.status == "planned",
            col(Meeting.starts_at) >= now,
        )
        .order_by(col(Meeting.starts_at))
        .limit(1)
    ).first()


def gather(session: Session, case: Case, th: Mapping[str, int], now: datetime) -> GuardContext:
    assert case.id is not None
    referral = session.exec(
        select(Referral)
        .where(Referral.case_id == case.id)
        .order_by(col(Referral.received_at).desc())
        .limit(1)
    ).first()
    consent = bool(
        referral
        and (referral.victim_consents or (referral.sharing_without_consent_reason or "").strip())
    )
    window_end = compute_due(
        Offset(th.get("repeat_window_months", 12), "months"), case.last_referral_at
    )
    return GuardContext(
        route=case.route,
        eligible_routes=frozenset(str(e.get("kind")) for e in case.route_evidence if e.get("kind")),
        strands_confirmed=case.strands_confirmed,
        consent_basis_recorded=consent,
        on_agenda=next_listing(session, case.id, now) is not None,
        open_actions=_count_actions(session, case.id, open_only=True),
        unresolved_actions=_count_actions(session, case.id, open_only=False),
        within_repeat_window=now <= window_end,
    )


def referring_agency(session: Session, case_id: int) -> int | None:
    return session.exec(
        select(Referral.referring_agency_id)
        .where(Referral.case_id == case_id, col(Referral.referring_agency_id).is_not(None))
        .order_by(col(Referral.received_at).desc())
        .limit(1)
    ).first()


def member_agencies(session: Session, panel_id: int) -> Sequence[int]:
    """Every agency that is or was a member of the panel (each is told of a listing)."""
    return session.exec(
        select(PanelMembership.agency_id).where(PanelMembership.panel_id == panel_id)
    ).all()
