"""The agenda's use cases: proposing one from the cases waiting, saving the coordinator's
edit, and reading it back with each item's expected time.

The proposal's order is docs/DOMAIN.md section 5: unfinished actions from the last meeting; new
and repeat cases, those with children in the household first (so children's agencies may
leave), each group by risk (high first) then by the age of the referral (oldest first); reviews
due; the notice of cases 12 months past their last hearing; any other business. Cases referred
after the meeting's cut-off are not proposed: they are reported as deferred to the next meeting,
unless the chair has agreed to list them late (:mod:`riskpanel.meetings.late_listing`).

A saved agenda always keeps DOMAIN order and cases with children in the household always come
first (the agenda is printed that way, so the times must follow it); within that, the
coordinator's positions stand. Accepted cases newly on the agenda are listed through the
workflow (``list_for_meeting``) and listed cases taken off it go back to accepted
(``unlist``), never by setting their state (:mod:`.listing`). A case already on the agenda
of another meeting still to come is not proposed again.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlmodel import Session

from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import Conflict, InvalidInput
from riskpanel.meetings import repository as repo
from riskpanel.meetings.agenda.listing import (
    heard_case_ids,
    keep_heard_cases,
    list_new_cases,
    unlist_removed_cases,
)
from riskpanel.meetings.agenda.projections import agenda_out
from riskpanel.meetings.agenda.schemas import (
    AgendaIn,
    AgendaItemIn,
    AgendaOut,
    AgendaProposal,
    DeferredCase,
    ProposedItem,
)
from riskpanel.meetings.late_listing.service import agreed_case_ids
from riskpanel.meetings.minutes import repository as minutes_repo
from riskpanel.meetings.schemas import HEARING_SECTIONS
from riskpanel.meetings.service import audit, locked_meeting, visible_meeting
from riskpanel.meetings.thresholds import MeetingRules, rules_for
from riskpanel.models import AgendaItem, Case, Meeting, utcnow
from riskpanel.models.enums import AgendaSection, AuditAction
from riskpanel.risk.timeframes import add_months
from riskpanel.workflow.registry import get_workflows

S = AgendaSection
SECTION_RANK = {
    S.UNFINISHED_ACTIONS: 0,
    S.NEW_CASE: 1,
    S.REPEAT_CASE: 1,
    S.REVIEW: 2,
    S.TWELVE_MONTH_NOTICE: 3,
    S.ANY_OTHER_BUSINESS: 4,
}
RISK_RANK = {"high": 0, "medium": 1, "standard": 2}
SECTION_TITLES = {
    S.NEW_CASE: "new case",
    S.REPEAT_CASE: "repeat case",
    S.REVIEW: "review of actions",
    S.TWELVE_MONTH_NOTICE: "12 months since last hearing",
}


def hearing_order(case: Case) -> tuple[Any, ...]:
    """Children in the household first, then risk high to standard, then oldest referral."""
    return (
        not case.children_in_household,
        RISK_RANK.get(case.risk_level or "", 3),
        case.last_referral_at,
        case.id,
    )


def hearing_section(case: Case) -> AgendaSection:
    repeat = case.route == "repeat" or case.last_hearing_at is not None
    return S.REPEAT_CASE if repeat else S.NEW_CASE


def case_title(case: Case, section: AgendaSection) -> str:
    """Reference and kind only: an agenda never names anyone."""
    return f"{case.reference}: {SECTION_TITLES[section]}"


def _case_item(
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


def _local_day(rules: MeetingRules, value: datetime) -> str:
    return f"{rules.local(value):%d %B %Y %H:%M}"


def _hearing_items(
    session: Session, meeting: Meeting, rules: MeetingRules, now: datetime
) -> tuple[list[ProposedItem], list[DeferredCase]]:
    waiting = sorted(repo.waiting_cases(session, meeting, now), key=hearing_order)
    cutoff = _local_day(rules, meeting.referral_cutoff_at)
    agreed = agreed_case_ids(session, meeting.id or 0)
    items, deferred = [], []
    for case in waiting:
        assert case.id is not None
        late = case.last_referral_at > meeting.referral_cutoff_at
        if late and case.id not in agreed:
            deferred.append(
                DeferredCase(
                    case_id=case.id,
                    case_reference=case.reference,
                    referred_at=case.last_referral_at,
                    reason=f"referred after the cut-off ({cutoff}); it goes to the next meeting",
                )
            )
            continue
        section = hearing_section(case)
        items.append(
            _case_item(
                case,
                section,
                rules.slot_minutes,
                "referred after the cut-off; the chair agreed to list it late"
                if late
                else f"{case.state}, referred before the cut-off",
                referred_at=case.last_referral_at,
            )
        )
    return items, deferred


def _review_items(
    session: Session, meeting: Meeting, rules: MeetingRules, skip: set[int]
) -> list[ProposedItem]:
    """Cases whose actions come back: in review, heard long enough ago, or an action due."""
    candidates = [
        c
        for c in repo.cases_in_states(session, meeting.panel_id, repo.REVIEW_STATES)
        if c.id not in skip
    ]
    open_actions = repo.open_actions_by_case(session, (c.id for c in candidates if c.id))
    meeting_day = rules.local(meeting.starts_at).date()
    review_from = meeting.starts_at - timedelta(weeks=rules.review_weeks)
    items = []
    for case in candidates:
        assert case.id is not None
        due = [a for a in open_actions.get(case.id, []) if a.due_on <= meeting_day]
        long_enough = case.last_hearing_at is not None and case.last_hearing_at <= review_from
        if case.state != "review" and not due and not long_enough:
            continue
        reason = (
            "under review"
            if case.state == "review"
            else (f"{len(due)} action(s) due by the meeting" if due else "review period has passed")
        )
        items.append(_case_item(case, S.REVIEW, rules.slot_minutes, reason))
    return items


def _notice_items(session: Session, meeting: Meeting, rules: MeetingRules) -> list[ProposedItem]:
    """The 12-month notice counts from the last hearing (ARCHITECTURE "Decisions")."""
    meeting_day = rules.local(meeting.starts_at).date()
    limit = add_months(meeting_day, -rules.twelve_month_notice_months)
    day_after = datetime.combine(limit + timedelta(days=1), time(0, 0), tzinfo=rules.zone)
    items = []
    due = repo.cases_in_states(
        session, meeting.panel_id, repo.HEARD_STATES, heard_before=day_after.astimezone(UTC)
    )
    for case in due:  # last heard on or before the local day `limit`
        assert case.id is not None and case.last_hearing_at is not None
        reason = f"last heard {rules.local(case.last_hearing_at):%d %B %Y}"
        items.append(_case_item(case, S.TWELVE_MONTH_NOTICE, rules.notice_slot_minutes, reason))
    return items


def propose_agenda(
    *, session: Session, caller: Caller, meeting_id: int, now: datetime | None = None
) -> AgendaProposal:
    """What the agenda should hold today; nothing is saved (the coordinator edits it first)."""
    principal = caller.principal
    meeting = visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    rules = rules_for(session, meeting, caller.settings)
    items: list[ProposedItem] = []
    previous = repo.previous_meeting(session, meeting)
    unfinished = repo.unfinished_actions_of_meeting(session, previous.id or 0) if previous else []
    if unfinished:
        items.append(
            ProposedItem(
                section=S.UNFINISHED_ACTIONS,
                title=f"Unfinished actions from the last meeting ({len(unfinished)})",
                slot_minutes=rules.unfinished_actions_minutes,
                reason="actions agreed at the last meeting without a review outcome",
            )
        )
    hearing, deferred = _hearing_items(session, meeting, rules, now or utcnow())
    items += hearing
    skip = {i.case_id for i in hearing if i.case_id}
    skip |= repo.booked_elsewhere(session, meeting, now or utcnow())
    items += _review_items(session, meeting, rules, skip)
    items += _notice_items(session, meeting, rules)
    expected = rules.opening_minutes + sum(i.slot_minutes for i in items)
    audit(
        session,
        principal,
        AuditAction.CONSULTATION,
        "meeting_agenda_proposal",
        meeting_id,
        fields=["reference", "state", "risk_level", "children_in_household"],
        detail={"case_ids": sorted({i.case_id for i in items if i.case_id})},
    )
    return AgendaProposal(
        meeting_id=meeting_id,
        referral_cutoff_at=meeting.referral_cutoff_at,
        items=items,
        deferred=deferred,
        expected_length_minutes=expected,
        planned_length_minutes=meeting.duration_minutes,
        overruns=expected > meeting.duration_minutes,
    )


def _check_case(
    index: int, item: AgendaItemIn, case: Case | None, meeting: Meeting, late: set[int]
) -> None:
    field = f"items.{index}.case_id"
    if case is None or case.panel_id != meeting.panel_id or case.erased_at is not None:
        raise InvalidInput.field(field, "no such case on this panel")
    if item.section in HEARING_SECTIONS:
        if case.state not in ("accepted", "listed"):
            raise InvalidInput.field(field, f"is {case.state}; only accepted cases are listed")
        if case.last_referral_at > meeting.referral_cutoff_at and case.id not in late:
            raise InvalidInput.field(
                field,
                "was referred after the cut-off: list it at the next meeting, or ask the chair "
                "to agree to list it late",
            )
    elif item.section == S.REVIEW and case.state not in repo.REVIEW_STATES:
        raise InvalidInput.field(field, f"is {case.state}; only cases with actions are reviewed")
    elif item.section == S.TWELVE_MONTH_NOTICE and case.last_hearing_at is None:
        raise InvalidInput.field(field, "has never been heard")


def _check_items(data: AgendaIn, cases: dict[int, Case], meeting: Meeting, late: set[int]) -> None:
    discussed: dict[int, AgendaSection] = {}
    seen: set[tuple[AgendaSection, int | None]] = set()
    for index, item in enumerate(data.items):
        if item.case_id is None:
            if item.section == S.UNFINISHED_ACTIONS and (item.section, None) in seen:
                raise InvalidInput.field(f"items.{index}", "unfinished actions are one item")
            seen.add((item.section, None))
            continue
        _check_case(index, item, cases.get(item.case_id), meeting, late)
        if (item.section, item.case_id) in seen:
            raise InvalidInput.field(f"items.{index}.case_id", "is listed twice in the section")
        seen.add((item.section, item.case_id))
        if item.section != S.TWELVE_MONTH_NOTICE:
            if item.case_id in discussed:
                raise InvalidInput.field(
                    f"items.{index}.case_id", "is already discussed in another section"
                )
            discussed[item.case_id] = item.section


def canonical_order(items: list[AgendaItemIn], cases: dict[int, Case]) -> list[AgendaItemIn]:
    """Sections in DOMAIN order and children's cases first; the caller's order otherwise."""

    def key(pair: tuple[int, AgendaItemIn]) -> tuple[int, bool, int, int]:
        index, item = pair
        adults = False
        if item.section in HEARING_SECTIONS and item.case_id is not None:
            adults = not cases[item.case_id].children_in_household
        return (SECTION_RANK[item.section], adults, item.position, index)

    return [item for _, item in sorted(enumerate(items), key=key)]


def _title(item: AgendaItemIn, cases: dict[int, Case]) -> str:
    if item.case_id is not None:
        return case_title(cases[item.case_id], item.section)
    if item.title:
        return item.title
    return "Unfinished actions from the last meeting"


def _replace_items(
    session: Session, meeting_id: int, data: AgendaIn, cases: dict[int, Case]
) -> list[AgendaItemIn]:
    """The meeting's items, cleared and written again in the canonical order (which it
    returns): positions are the order people read, so they are renumbered on every save."""
    repo.clear_agenda(session, meeting_id)
    ordered = canonical_order(data.items, cases)
    for position, item in enumerate(ordered, start=1):
        session.add(
            AgendaItem(
                meeting_id=meeting_id,
                section=item.section.value,
                case_id=item.case_id,
                position=position,
                slot_minutes=item.slot_minutes,
                title=_title(item, cases),
            )
        )
    session.flush()
    return ordered


def save_agenda(
    *,
    session: Session,
    caller: Caller,
    meeting_id: int,
    data: AgendaIn,
    expected_version: int,
    workflows: Any = None,
) -> AgendaOut:
    """Replace the agenda; `workflows` defaults to the ones the caller's settings load."""
    principal = caller.principal
    if workflows is None:
        workflows = get_workflows(caller.settings)
    meeting = locked_meeting(session, principal, meeting_id, expected_version)
    if any(m.status == "approved" for m in minutes_repo.minutes_versions(session, meeting_id)):
        raise Conflict("The minutes of this meeting are approved; its agenda is history now.")
    cases = repo.cases_by_id(session, (i.case_id for i in data.items if i.case_id))
    _check_items(data, cases, meeting, agreed_case_ids(session, meeting_id))
    keep_heard_cases(session, meeting_id, data)
    before = heard_case_ids(session, meeting_id)
    ordered = _replace_items(session, meeting_id, data, cases)
    listed = list_new_cases(session, principal, meeting_id, ordered, cases, workflows)
    rules = rules_for(session, meeting, caller.settings)
    removed = before - {i.case_id for i in ordered if i.section in HEARING_SECTIONS}
    unlisted = unlist_removed_cases(session, principal, meeting, removed, rules, workflows)
    meeting.row_version += 1
    session.add(meeting)
    audit(
        session,
        principal,
        AuditAction.ALTERATION,
        "meeting_agenda",
        meeting_id,
        fields=["agenda_items"],
        detail={"case_ids": sorted(cases), "listed": listed, "unlisted": unlisted},
    )
    session.flush()
    return agenda_out(session, meeting, rules, listed)


def read_agenda(*, session: Session, caller: Caller, meeting_id: int) -> AgendaOut:
    principal = caller.principal
    meeting = visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    out = agenda_out(session, meeting, rules_for(session, meeting, caller.settings))
    audit(
        session,
        principal,
        AuditAction.CONSULTATION,
        "meeting_agenda",
        meeting_id,
        fields=["agenda_items"],
        detail={"case_ids": sorted({i.case_id for i in out.items if i.case_id})},
    )
    return out
