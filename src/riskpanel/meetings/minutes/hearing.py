"""Hearing one case: the checks on what the minutes say (what each agency shared, the
decision, the actions agreed and, at a review, the outcome of every unfinished action) and
acting on the decision. Kept apart from the minutes' use cases because these are the
domain's rules for a decision, read on their own.

The decision drives the case through the workflow, never by setting its state:
  listed -> ``hear`` -> ``agree_actions`` (actions agreed) or ``close_no_action``;
  actions_open -> ``start_review`` -> outcomes -> ``continue_actions`` or ``move_to_monitoring``;
  ``adjourned`` records the discussion and moves nothing (the case comes back next time).
A decision is taken once: re-saving the minutes may add information or new actions but may
not change a decision already acted on (409). All of it commits with the minutes, or none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from riskpanel.actions.service import create_action, record_review_outcome
from riskpanel.cases.transitions.service import fire_transition
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import Conflict, InvalidInput, NotFound
from riskpanel.meetings import repository as repo
from riskpanel.meetings.minutes import repository as minutes_repo
from riskpanel.meetings.minutes.schemas import CaseMinutesIn
from riskpanel.meetings.schemas import HEARING_SECTIONS
from riskpanel.models import Case, Meeting, utcnow
from riskpanel.models.enums import AgendaSection
from riskpanel.panels.service import current_member_ids

HEARING_DECISIONS = {"actions_agreed", "close_no_action", "adjourned"}
REVIEW_DECISIONS = {"continue_actions", "move_to_monitoring", "adjourned"}
WITH_ACTIONS = {"actions_agreed", "continue_actions"}
MINUTED_SECTIONS = {*HEARING_SECTIONS, AgendaSection.REVIEW}


def case_on_agenda(session: Session, meeting: Meeting, case_id: int) -> Case:
    listed = [
        i
        for i in repo.agenda_items(session, meeting.id or 0)
        if i.case_id == case_id and i.section in MINUTED_SECTIONS
    ]
    case = session.get(Case, case_id)
    if not listed or case is None or case.panel_id != meeting.panel_id:
        raise NotFound("The case is not on this meeting's agenda.")
    return case


def check_input(session: Session, case: Case, data: CaseMinutesIn, first: bool) -> None:
    reporter = [data.victim_views_agency_id] if data.victim_views_agency_id else []
    agencies = repo.agencies_by_id(
        session,
        [i.agency_id for i in data.information] + [a.agency_id for a in data.actions] + reporter,
    )
    check_victim_voice(data, agencies)
    for index, info in enumerate(data.information):
        if info.agency_id not in agencies:
            raise InvalidInput.field(f"information.{index}.agency_id", "no such agency")
    members = current_member_ids(session=session, panel_id=case.panel_id, on=utcnow().date())
    for index, action in enumerate(data.actions):
        if action.agency_id not in agencies:
            raise InvalidInput.field(f"actions.{index}.agency_id", "no such agency")
        if action.agency_id not in members:  # an action would open the whole case to it
            raise InvalidInput.field(
                f"actions.{index}.agency_id",
                "only an agency that is a member of the meeting's panel today can own an action",
            )
    if data.actions and data.decision not in WITH_ACTIONS:
        raise InvalidInput.field("actions", f"no actions are agreed with {data.decision}")
    if data.reviews and data.decision not in ("continue_actions", "move_to_monitoring"):
        raise InvalidInput.field("reviews", "review outcomes go with a review decision")
    if data.decision == "close_no_action" and not data.decision_notes:
        raise InvalidInput.field("decision_notes", "give the reason for closing with no action")
    if not first:
        return
    allowed = HEARING_DECISIONS if case.state in ("listed", "heard") else REVIEW_DECISIONS
    if case.state not in ("listed", "heard", *repo.REVIEW_STATES) or data.decision not in allowed:
        raise Conflict(f"The case is {case.state}; the decision here is one of {sorted(allowed)}.")
    if data.decision in WITH_ACTIONS and not data.actions:
        raise InvalidInput.field("actions", "agree at least one action with its owner agency")


def check_victim_voice(data: CaseMinutesIn, agencies: Mapping[int, Any]) -> None:
    """The victim's views are minuted as an agency in contact with them reported them, so
    the views and the reporting agency go together."""
    if data.victim_views and data.victim_views_agency_id is None:
        raise InvalidInput.field(
            "victim_views_agency_id", "Select the agency that reported the victim's views"
        )
    if data.victim_views_agency_id is not None:
        if data.victim_views_agency_id not in agencies:
            raise InvalidInput.field("victim_views_agency_id", "no such agency")
        if not data.victim_views:
            raise InvalidInput.field("victim_views", "Enter the victim's views and wishes")


@dataclass
class Hearing:
    """One case at one meeting: everything a decision needs, so the steps read in order."""

    session: Session
    caller: Caller
    meeting: Meeting
    case: Case
    data: CaseMinutesIn
    workflows: Any

    def fire(self, trigger: str, reason: str | None = None) -> None:
        """Through the workflow, never by setting the state; the history names the meeting."""
        result = fire_transition(
            session=self.session,
            principal=self.caller.principal,
            case_id=self.case.id or 0,
            trigger=trigger,
            expected_version=None,
            reason=reason,
            fields={"meeting_id": self.meeting.id or 0},
            workflows=self.workflows,
        )
        self.case.state = result.case.state

    def add_actions(self) -> None:
        """Create each action once: re-saving the same minutes does not duplicate actions."""
        existing = {
            (a.agency_id, a.description, a.due_on)
            for a in repo.actions_agreed_at(self.session, self.meeting.id or 0, self.case.id)
        }
        for action in self.data.actions:
            key = (action.agency_id, action.description.strip(), action.due_on)
            if key in existing:
                continue
            existing.add(key)
            create_action(
                session=self.session,
                principal=self.caller.principal,
                case_id=self.case.id or 0,
                meeting_id=self.meeting.id or 0,
                agency_id=action.agency_id,
                description=action.description,
                due_on=action.due_on,
                settings=self.caller.settings,
            )

    def review(self) -> None:
        """Mark every unfinished action from earlier meetings; none may be left unmarked."""
        case_id = self.case.id or 0
        open_actions = {
            a.id: a
            for a in repo.open_actions_by_case(self.session, [case_id]).get(case_id, [])
            if a.meeting_id != self.meeting.id
        }
        for index, review in enumerate(self.data.reviews):
            if open_actions.pop(review.action_id, None) is None:
                raise InvalidInput.field(
                    f"reviews.{index}.action_id", "is not an unfinished action of this case"
                )
            record_review_outcome(
                session=self.session,
                principal=self.caller.principal,
                action_id=review.action_id,
                outcome=review.outcome,
                meeting_id=self.meeting.id or 0,
                note=review.note,
            )
        if open_actions:
            refs = ", ".join(a.reference for a in open_actions.values())
            raise InvalidInput.field("reviews", f"every unfinished action needs an outcome: {refs}")

    def decide(self) -> None:
        decision = self.data.decision
        if decision == "adjourned":
            return
        if decision in ("actions_agreed", "close_no_action"):
            if self.case.state == "listed":
                self.fire("hear")
            if decision == "actions_agreed":
                self.add_actions()
                self.fire("agree_actions")
            else:
                self.fire("close_no_action", self.data.decision_notes)
            return
        if self.case.state == "actions_open":
            self.fire("start_review")
        self.review()
        if decision == "continue_actions":
            self.add_actions()
        self.fire(decision)


def check_repeat(session: Session, meeting: Meeting, case: Case, data: CaseMinutesIn) -> bool:
    """True when this case's decision was already acted on at this meeting (same decision)."""
    taken = {
        e.decision
        for e in minutes_repo.decided_entries(session, meeting.id or 0, case.id or 0)
        if e.decision and e.decision != "adjourned"
    }
    if not taken:
        return False
    if taken != {data.decision}:
        raise Conflict(
            f"The decision {sorted(taken)[0]!r} was already acted on for this case; "
            "a correction may add detail or actions but cannot change it."
        )
    recorded = {
        a.id: a.review_outcome
        for a in repo.actions_reviewed_at(session, meeting.id or 0, case.id or 0)
    }
    if any(recorded.get(r.action_id) != r.outcome for r in data.reviews):
        raise Conflict("The review outcomes for this case are recorded and cannot change.")
    return True
