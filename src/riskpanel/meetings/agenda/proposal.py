"""Building the proposed agenda: each section's most pressing cases, bounded.

The proposal's order is docs/DOMAIN.md section 5: unfinished actions from the last meeting;
new and repeat cases, those with children in the household first (so children's agencies
may leave), each group by risk (high first) then by the age of the referral (oldest first);
reviews due, the longest since their hearing first; the notice of cases 12 months past
their last hearing, the oldest first. Cases referred after the meeting's cut-off are not
proposed: they are reported as deferred to the next meeting, unless the chair has agreed to
list them late (:mod:`riskpanel.meetings.late_listing`).

A panel discusses 10 to 20 cases a meeting, while a large panel may have 1,600 cases
waiting or due: each section (and the deferred list) holds at most ``limit`` cases, the
first in that order, with the section's total so the page can say how many follow at later
meetings; the coordinator adds any other case by its reference. The bound runs in the
database (:mod:`.repository`), so the proposal costs the same at 10k and 100k cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlmodel import Session

from riskpanel.meetings import repository as meetings_repo
from riskpanel.meetings.agenda import repository as repo
from riskpanel.meetings.agenda.schemas import DeferredCase, ProposedItem, SectionCount
from riskpanel.meetings.late_listing.service import agreed_case_ids
from riskpanel.meetings.thresholds import MeetingRules
from riskpanel.models import Case, Meeting
from riskpanel.models.enums import AgendaSection
from riskpanel.risk.timeframes import add_months

S = AgendaSection
SECTION_TITLES = {
    S.NEW_CASE: "new case",
    S.REPEAT_CASE: "repeat case",
    S.REVIEW: "review of actions",
    S.TWELVE_MONTH_NOTICE: "12 months since last hearing",
}


def hearing_order(case: Case) -> tuple[Any, ...]:
    """Children in the household first, then risk high to standard, then oldest referral
    (``repository.HEARING_ORDER`` in Python, to merge the new and repeat sections)."""
    return (
        not case.children_in_household,
        repo.RISK_RANK.get(case.risk_level or "", len(repo.RISK_RANK)),
        case.last_referral_at,
        case.id,
    )


def hearing_section(case: Case) -> AgendaSection:
    repeat = case.route == "repeat" or case.last_hearing_at is not None
    return S.REPEAT_CASE if repeat else S.NEW_CASE


def case_title(case: Case, section: AgendaSection) -> str:
    """Reference and kind only: an agenda never names anyone."""
    return f"{case.reference}: {SECTION_TITLES[section]}"


def case_item(
    case: Case,
    section: AgendaSection,
    slot_minutes: int,
    reason: str,
    referred_at: datetime | None = None,
) -> ProposedItem:
    """A case on the proposal. Cases to hear or review show their risk and children; a
    12-month notice is only a reminder and shows neither."""
    heard = section != S.TWELVE_MONTH_NOTICE
    return ProposedItem(
        section=section,
        case_id=case.id,
        case_reference=case.reference,
        title=case_title(case, section),
        slot_minutes=slot_minutes,
        children_in_household=heard and case.children_in_household,
        risk_level=case.risk_level if heard else None,
        referred_at=referred_at,
        reason=reason,
    )


@dataclass
class Sections:
    """The cases proposed, each section's count, and the cases deferred past the cut-off."""

    items: list[ProposedItem] = field(default_factory=list)
    counts: list[SectionCount] = field(default_factory=list)
    deferred: list[DeferredCase] = field(default_factory=list)
    deferred_total: int = 0

    def add(self, section: AgendaSection, items: list[ProposedItem], total: int) -> None:
        self.items += items
        self.counts.append(SectionCount(section=section, proposed=len(items), total=total))


def _local_day(rules: MeetingRules, value: datetime) -> str:
    return f"{rules.local(value):%d %B %Y %H:%M}"


def _hearing(
    session: Session, meeting: Meeting, rules: MeetingRules, now: datetime, limit: int
) -> Sections:
    """New and repeat cases, each section bounded, merged in hearing order; the deferred."""
    agreed = agreed_case_ids(session, meeting.id or 0)
    found = Sections()
    merged: list[tuple[Case, AgendaSection]] = []
    for section in (S.NEW_CASE, S.REPEAT_CASE):
        bounded = repo.hearing_cases(
            session, meeting, now, section=section, late_agreed=agreed, limit=limit
        )
        merged += [(case, section) for case in bounded.cases]
        found.counts.append(
            SectionCount(section=section, proposed=len(bounded.cases), total=bounded.total)
        )
    for case, section in sorted(merged, key=lambda pair: hearing_order(pair[0])):
        late = case.last_referral_at > meeting.referral_cutoff_at
        reason = (
            "referred after the cut-off; the chair agreed to list it late"
            if late
            else f"{case.state}, referred before the cut-off"
        )
        found.items.append(
            case_item(case, section, rules.slot_minutes, reason, case.last_referral_at)
        )
    deferred = repo.deferred_cases(session, meeting, now, late_agreed=agreed, limit=limit)
    cutoff = _local_day(rules, meeting.referral_cutoff_at)
    found.deferred = [
        DeferredCase(
            case_id=case.id or 0,
            case_reference=case.reference,
            referred_at=case.last_referral_at,
            reason=f"referred after the cut-off ({cutoff}); it goes to the next meeting",
        )
        for case in deferred.cases
    ]
    found.deferred_total = deferred.total
    return found


def _reviews(
    session: Session, meeting: Meeting, rules: MeetingRules, now: datetime, limit: int
) -> tuple[list[ProposedItem], int]:
    """Cases whose actions come back: in review, heard long enough ago, or an action due."""
    meeting_day = rules.local(meeting.starts_at).date()
    review_from = meeting.starts_at - timedelta(weeks=rules.review_weeks)
    bounded = repo.review_cases(
        session, meeting, now, meeting_day=meeting_day, review_from=review_from, limit=limit
    )
    due = repo.due_action_counts(session, (c.id or 0 for c in bounded.cases), meeting_day)
    items = []
    for case in bounded.cases:
        actions = due.get(case.id or 0, 0)
        reason = "review period has passed"
        if case.state == "review":
            reason = "under review"
        elif actions:
            reason = f"{actions} action(s) due by the meeting"
        items.append(case_item(case, S.REVIEW, rules.slot_minutes, reason))
    return items, bounded.total


def _notices(
    session: Session, meeting: Meeting, rules: MeetingRules, limit: int
) -> tuple[list[ProposedItem], int]:
    """The 12-month notice counts from the last hearing (ARCHITECTURE "Decisions")."""
    meeting_day = rules.local(meeting.starts_at).date()
    last_day = add_months(meeting_day, -rules.twelve_month_notice_months)
    day_after = datetime.combine(last_day + timedelta(days=1), time(0, 0), tzinfo=rules.zone)
    bounded = repo.notice_cases(
        session, meeting.panel_id, heard_before=day_after.astimezone(UTC), limit=limit
    )
    items = []
    for case in bounded.cases:  # last heard on or before the local day `last_day`
        assert case.last_hearing_at is not None
        reason = f"last heard {rules.local(case.last_hearing_at):%d %B %Y}"
        items.append(case_item(case, S.TWELVE_MONTH_NOTICE, rules.notice_slot_minutes, reason))
    return items, bounded.total


def unfinished_actions_item(
    session: Session, meeting: Meeting, rules: MeetingRules
) -> ProposedItem | None:
    """One item for the actions the last meeting agreed that have no review outcome yet."""
    previous = meetings_repo.previous_meeting(session, meeting)
    if previous is None:
        return None
    unfinished = meetings_repo.unfinished_actions_of_meeting(session, previous.id or 0)
    if not unfinished:
        return None
    return ProposedItem(
        section=S.UNFINISHED_ACTIONS,
        title=f"Unfinished actions from the last meeting ({len(unfinished)})",
        slot_minutes=rules.unfinished_actions_minutes,
        reason="actions agreed at the last meeting without a review outcome",
    )


def case_sections(
    session: Session, meeting: Meeting, rules: MeetingRules, now: datetime, limit: int
) -> Sections:
    """Every section that proposes cases, in agenda order, each at most ``limit`` long."""
    found = _hearing(session, meeting, rules, now, limit)
    found.add(S.REVIEW, *_reviews(session, meeting, rules, now, limit))
    found.add(S.TWELVE_MONTH_NOTICE, *_notices(session, meeting, rules, limit))
    return found
