"""Who is told when a case moves: queued in the transition's own transaction (the outbox),
delivered by `riskpanel tick` after commit, carrying references and a link only."""

from __future__ import annotations

from sqlmodel import Session, col, select

from riskpanel.cases import facts
from riskpanel.models import Case, PanelMembership, Referral, utcnow
from riskpanel.notifications.service import notify_agency
from riskpanel.workflow import TransitionOutcome

REFERRER_NOTICES = {"accept": "case.accepted", "reject": "case.rejected"}


def _referring_agency(session: Session, case_id: int) -> int | None:
    return session.exec(
        select(Referral.referring_agency_id)
        .where(Referral.case_id == case_id, col(Referral.referring_agency_id).is_not(None))
        .order_by(col(Referral.received_at).desc())
        .limit(1)
    ).first()


def queue_transition_notices(session: Session, case: Case, outcome: TransitionOutcome) -> int:
    """The referrer learns the screening decision; member agencies learn of a listing,
    so they can research their own records before the meeting."""
    assert case.id is not None
    data = {"case_reference": case.reference, "path": f"/cases/{case.id}"}
    key = f"case:{case.id}:v{case.row_version}:{outcome.trigger}"
    kind = REFERRER_NOTICES.get(outcome.trigger)
    if kind:
        agency_id = _referring_agency(session, case.id)
        return (
            notify_agency(
                session=session, agency_id=agency_id, kind=kind, data=data, dedupe_key=key
            )
            if agency_id
            else 0
        )
    if outcome.trigger != "list_for_meeting":
        return 0
    meeting = facts.next_listing(session, case.id, utcnow())
    if meeting is not None:
        data["meeting_on"] = meeting.starts_at.date().isoformat()
    members = session.exec(
        select(PanelMembership.agency_id).where(PanelMembership.panel_id == case.panel_id)
    ).all()
    return sum(
        notify_agency(
            session=session, agency_id=agency_id, kind="case.listed", data=data, dedupe_key=key
        )
        for agency_id in members
    )
