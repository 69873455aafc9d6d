"""Keeping case states true while the agenda changes: a case newly on the agenda is listed,
a listed case taken off it (and on no other agenda still to come) goes back to accepted, and
a case already minuted at the meeting cannot leave it.

Each state change goes through the workflow (``list_for_meeting``, ``unlist``), so its
history row and access-log row commit with the agenda, or none of them does. Kept apart
from the agenda's use cases so the rules read together.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlmodel import Session

from riskpanel.cases.transitions.repository import next_listing
from riskpanel.cases.transitions.service import fire_transition
from riskpanel.kit.errors import Conflict
from riskpanel.kit.principal import Principal
from riskpanel.meetings import repository as repo
from riskpanel.meetings.agenda.schemas import AgendaIn, AgendaItemIn
from riskpanel.meetings.minutes import repository as minutes_repo
from riskpanel.meetings.schemas import HEARING_SECTIONS
from riskpanel.meetings.thresholds import MeetingRules
from riskpanel.models import Case, Meeting, utcnow


def keep_heard_cases(session: Session, meeting_id: int, data: AgendaIn) -> None:
    """A case already minuted at this meeting cannot leave its agenda."""
    kept = {i.case_id for i in data.items if i.case_id}
    for item in repo.agenda_items(session, meeting_id):
        if item.case_id is None or item.case_id in kept:
            continue
        if minutes_repo.decided_entries(session, meeting_id, item.case_id):
            raise Conflict(
                f"Case {item.case_id} has minutes at this meeting and cannot leave its agenda."
            )


def heard_case_ids(session: Session, meeting_id: int) -> set[int]:
    """The cases the saved agenda lists to be heard (before it is replaced)."""
    return {
        i.case_id
        for i in repo.agenda_items(session, meeting_id)
        if i.case_id is not None and i.section in HEARING_SECTIONS
    }


def list_new_cases(
    session: Session,
    principal: Principal,
    meeting_id: int,
    ordered: list[AgendaItemIn],
    cases: dict[int, Case],
    workflows: Any,
) -> list[int]:
    """Accepted cases now on the agenda to be heard are listed through the workflow."""
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


def unlist_removed_cases(
    session: Session,
    principal: Principal,
    meeting: Meeting,
    removed: set[int],
    rules: MeetingRules,
    workflows: Any,
) -> list[int]:
    """Listed cases taken off this agenda, and booked on no other meeting to come, go back
    to accepted: the case page stops offering "Record the hearing" for a hearing that will
    not happen, and the next agenda proposes the case again."""
    day = f"{rules.local(meeting.starts_at):%-d %B %Y}"
    reason = f"Taken off the agenda of the meeting on {day}"
    unlisted = []
    now = utcnow()
    for case_id in sorted(removed):
        case = session.get(Case, case_id)
        if case is None or case.state != "listed" or next_listing(session, case_id, now):
            continue
        fire_transition(
            session=session,
            principal=principal,
            case_id=case_id,
            trigger="unlist",
            expected_version=None,
            reason=reason,
            fields={"meeting_id": meeting.id or 0},
            workflows=workflows,
        )
        unlisted.append(case_id)
    return unlisted
