"""The per-case risk review printed in the minutes: the case's risk level at referral, at the
hearing and now, and the panel's view of whether it fell, in the panel's words.

SafeLives MARAC minutes review each case's risk over time; a level printed only as it stands
today cannot show whether the panel's actions made the victim safer. Levels come from the
panel's own assessments (``standing = decision``); an agency's view never sets them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from sqlmodel import Session

from riskpanel.documents import views as doc
from riskpanel.meetings import repository as repo
from riskpanel.models import Case, Meeting

LEVELS: dict[str, doc.RiskLevel] = {"standard": "standard", "medium": "medium", "high": "high"}
RANK = {level: rank for rank, level in enumerate(LEVELS)}

# What the panel's decision on the case says about its risk, as the chair would say it.
PANEL_VIEWS = {
    "move_to_monitoring": "The panel judged that the risk has fallen enough for the case to "
    "move to monitoring.",
    "close_no_action": "The panel judged that the risk no longer needs the panel's actions.",
    "continue_actions": "The panel judged that the risk has not yet fallen enough: the actions "
    "continue.",
    "actions_agreed": "The panel agreed actions to bring the risk down.",
    "adjourned": "The panel adjourned the case and will give its view at the next meeting.",
}
NO_VIEW = "The panel recorded no decision on the risk."


def _level(value: str | None) -> doc.RiskLevel | None:
    """A stored level as the view's type; anything unknown reads as not recorded."""
    return LEVELS.get(value or "")


def movement(first: doc.RiskLevel | None, now: doc.RiskLevel) -> str:
    """How the level moved between referral and now, in words ("fell from High to Medium")."""
    if first is None:
        return f"No level was recorded at referral; the risk is now {now.capitalize()}."
    change = RANK[now] - RANK[first]
    if change == 0:
        return f"The risk is {now.capitalize()}, as it was at referral."
    verb = "fell" if change < 0 else "rose"
    return f"The risk {verb} from {first.capitalize()} at referral to {now.capitalize()} now."


def risk_reviews(
    session: Session,
    meeting: Meeting,
    cases: Mapping[int, Case],
    decisions: Mapping[int, str | None],
) -> dict[int, doc.RiskReview]:
    """One review per case heard. "At referral" is the panel's assessment of the latest
    referral before the meeting ended; "at this hearing" the last assessment by then."""
    ended = meeting.starts_at + timedelta(minutes=meeting.duration_minutes)
    assessed = repo.panel_assessments(session, cases)
    reviews = {}
    for case_id, case in cases.items():
        before = [a for a in assessed.get(case_id, []) if a.assessed_at <= ended]
        referred = [a for a in before if a.referral_id is not None] or before[:1]
        at_referral = _level(referred[-1].level) if referred else None
        now = _level(case.risk_level) or "standard"
        view = PANEL_VIEWS.get(decisions.get(case_id) or "", NO_VIEW)
        reviews[case_id] = doc.RiskReview(
            at_referral=at_referral,
            at_hearing=_level(before[-1].level) if before else None,
            now=now,
            panel_view=f"{movement(at_referral, now)} {view}",
        )
    return reviews
