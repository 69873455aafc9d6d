"""Saving the coordinator's agenda, and reading it back with each item's expected time.

Sections always keep DOMAIN order and cases with children in the household always come
first (the agenda is printed that way, so the times must follow it); within that, the
coordinator's positions stand. Accepted cases newly on the agenda are listed through the
workflow (``list_for_meeting``), never by setting their state.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlmodel import Session

from riskpanel.cases.transitions.service import fire_transition
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import Conflict, InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.meetings import repository as repo
from riskpanel.meetings.agenda.projections import agenda_out
from riskpanel.meetings.agenda.proposal import SECTION_RANK, S, case_title
from riskpanel.meetings.agenda.schemas import AgendaIn, AgendaItemIn, AgendaOut
from riskpanel.meetings.minutes import repository as minutes_repo
from riskpanel.meetings.schemas import HEARING_SECTIONS
from riskpanel.meetings.service import audit, locked_meeting, visible_meeting
from riskpanel.meetings.thresholds import rules_for
from riskpanel.models import AgendaItem, Case, Meeting
from riskpanel.models.enums import AgendaSection, AuditAction


def _check_case(index: int, item: AgendaItemIn, case: Case | None, meeting: Meeting) -> None:
    field = f"items.{index}.case_id"
    if case is None or case.panel_id != meeting.panel_id or case.erased_at is not None:
        raise InvalidInput.field(field, "no such case on this panel")
    if item.section in HEARING_SECTIONS:
        if case.state not in ("accepted", "listed"):
            raise InvalidInput.field(field, f"is {case.state}; only accepted cases are listed")
        if case.last_referral_at > meeting.referral_cutoff_at:
            raise InvalidInput.field(
                field, "was referred after the referral cut-off; list it at the next meeting"
            )
    elif item.section == S.REVIEW and case.state not in repo.REVIEW_STATES:
        raise InvalidInput.field(field, f"is {case.state}; only cases with actions are reviewed")
    elif item.section == S.TWELVE_MONTH_NOTICE and case.last_hearing_at is None:
        raise InvalidInput.field(field, "has never been heard")


def _check_items(data: AgendaIn, cases: dict[int, Case], meeting: Meeting) -> None:
    discussed: dict[int, AgendaSection] = {}
    seen: set[tuple[AgendaSection, int | None]] = set()
    for index, item in enumerate(data.items):
        if item.case_id is None:
            if item.section == S.UNFINISHED_ACTIONS and (item.section, None) in seen:
                raise InvalidInput.field(f"items.{index}", "unfinished actions are one item")
            seen.add((item.section, None))
            continue
        _check_case(index, item, cases.get(item.case_id), meeting)
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


def save_agenda(
    *,
    session: Session,
    caller: Caller,
    meeting_id: int,
    data: AgendaIn,
    expected_version: int,
    workflows: Any,
) -> AgendaOut:
    principal = caller.principal
    meeting = locked_meeting(session, principal, meeting_id, expected_version)
    if any(m.status == "approved" for m in minutes_repo.minutes_versions(session, meeting_id)):
        raise Conflict("The minutes of this meeting are approved; its agenda is history now.")
    cases = repo.cases_by_id(session, (i.case_id for i in data.items if i.case_id))
    _check_items(data, cases, meeting)
    _keep_heard_cases(session, meeting_id, data)
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
    listed = _list_new_cases(session, principal, meeting_id, ordered, cases, workflows)
    meeting.row_version += 1
    session.add(meeting)
    audit(
        session,
        principal,
        AuditAction.ALTERATION,
        "meeting_agenda",
        meeting_id,
        fields=["agenda_items"],
        detail={"case_ids": sorted(cases), "listed": listed},
    )
    session.flush()
    return agenda_out(session, meeting, rules_for(session, meeting, caller.settings), listed)


def _keep_heard_cases(session: Session, meeting_id: int, data: AgendaIn) -> None:
    """A case already minuted at this meeting cannot leave its agenda."""
    kept = {i.case_id for i in data.items if i.case_id}
    for item in repo.agenda_items(session, meeting_id):
        if item.case_id is None or item.case_id in kept:
            continue
        if minutes_repo.decided_entries(session, meeting_id, item.case_id):
            raise Conflict(
                f"Case {item.case_id} has minutes at this meeting and cannot leave its agenda."
            )


def _list_new_cases(
    session: Session,
    principal: Principal,
    meeting_id: int,
    ordered: list[AgendaItemIn],
    cases: dict[int, Case],
    workflows: Any,
) -> list[int]:
    listed = []
    fire = partial(fire_transition, session=session, principal=principal, workflows=workflows)
    fields = {"meeting_id": meeting_id}
    for item in ordered:
        if item.section not in HEARING_SECTIONS or item.case_id is None:
            continue
        if cases[item.case_id].state != "accepted":
            continue
        fire(case_id=item.case_id, trigger="list_for_meeting", expected_version=None, fields=fields)
        listed.append(item.case_id)
    return listed


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
