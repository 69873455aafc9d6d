"""The agenda's use cases: proposing one from the cases waiting, saving the coordinator's
edit, and reading it back with each item's expected time.

The proposal (its order, its bound per section, the cut-off) is built in :mod:`.proposal`.

A saved agenda always keeps DOMAIN order and cases with children in the household always come
first (the agenda is printed that way, so the times must follow it); within that, the
coordinator's positions stand. Accepted cases newly on the agenda are listed through the
workflow (``list_for_meeting``) and listed cases taken off it go back to accepted
(``unlist``), never by setting their state (:mod:`.listing`). A case already on the agenda
of another meeting still to come is not proposed again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import Conflict, InvalidInput
from riskpanel.meetings import repository as repo
from riskpanel.meetings.agenda import repository as agenda_repo
from riskpanel.meetings.agenda.listing import (
    heard_case_ids,
    keep_heard_cases,
    list_new_cases,
    unlist_removed_cases,
)
from riskpanel.meetings.agenda.projections import agenda_out
from riskpanel.meetings.agenda.proposal import (
    case_item,
    case_sections,
    case_title,
    hearing_section,
    unfinished_actions_item,
)
from riskpanel.meetings.agenda.schemas import (
    AgendaIn,
    AgendaItemIn,
    AgendaOut,
    AgendaProposal,
    ProposedItem,
)
from riskpanel.meetings.late_listing.service import agreed_case_ids
from riskpanel.meetings.minutes import repository as minutes_repo
from riskpanel.meetings.schemas import HEARING_SECTIONS
from riskpanel.meetings.service import audit, locked_meeting, visible_meeting
from riskpanel.meetings.thresholds import rules_for
from riskpanel.models import AgendaItem, Case, Meeting, utcnow
from riskpanel.models.enums import AgendaSection, AuditAction
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
__all__ = ["hearing_section", "item_for_reference", "propose_agenda", "read_agenda", "save_agenda"]


def propose_agenda(
    *,
    session: Session,
    caller: Caller,
    meeting_id: int,
    now: datetime | None = None,
    limit: int | None = None,
) -> AgendaProposal:
    """What the agenda should hold today; nothing is saved (the coordinator edits it first).

    Each section holds at most ``limit`` cases (default: the setting
    ``agenda_proposal_section_limit``), the most pressing first (:mod:`.proposal`)."""
    principal = caller.principal
    meeting = visible_meeting(session=session, principal=principal, meeting_id=meeting_id)
    rules = rules_for(session, meeting, caller.settings)
    bound = limit or caller.settings.agenda_proposal_section_limit
    unfinished = unfinished_actions_item(session, meeting, rules)
    found = case_sections(session, meeting, rules, now or utcnow(), bound)
    items = ([unfinished] if unfinished else []) + found.items
    expected = rules.opening_minutes + sum(i.slot_minutes for i in items)
    audit(
        session,
        principal,
        AuditAction.CONSULTATION,
        "meeting_agenda_proposal",
        meeting_id,
        fields=["reference", "state", "risk_level", "children_in_household"],
        detail={
            "case_ids": sorted({i.case_id for i in items if i.case_id}),
            "deferred_case_ids": sorted(d.case_id for d in found.deferred),
        },
    )
    return AgendaProposal(
        meeting_id=meeting_id,
        referral_cutoff_at=meeting.referral_cutoff_at,
        limit=bound,
        items=items,
        sections=found.counts,
        deferred=found.deferred,
        deferred_total=found.deferred_total,
        expected_length_minutes=expected,
        planned_length_minutes=meeting.duration_minutes,
        overruns=expected > meeting.duration_minutes,
    )


def item_for_reference(
    *, session: Session, caller: Caller, meeting_id: int, reference: str
) -> ProposedItem:
    """A case of the meeting's panel by its reference, as an item of the section its state
    calls for: the proposal holds only each section's first cases, so the coordinator adds
    any other by hand. Saving the agenda then checks it as any other item."""
    meeting = visible_meeting(session=session, principal=caller.principal, meeting_id=meeting_id)
    case = agenda_repo.case_by_reference(session, meeting.panel_id, reference)
    if case is None:
        raise InvalidInput.field("case_reference", "Enter the reference of a case of this panel")
    rules = rules_for(session, meeting, caller.settings)
    if case.state in ("accepted", "listed"):
        section, slot = hearing_section(case), rules.slot_minutes
    elif case.state in repo.REVIEW_STATES:
        section, slot = S.REVIEW, rules.slot_minutes
    elif case.state in repo.HEARD_STATES:
        section, slot = S.TWELVE_MONTH_NOTICE, rules.notice_slot_minutes
    else:
        raise InvalidInput.field(
            "case_reference",
            f"{case.reference} is {case.state.replace('_', ' ')}: only cases waiting to be "
            "heard, with actions to review, or heard before can be added",
        )
    return case_item(case, section, slot, "added by its reference")


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
