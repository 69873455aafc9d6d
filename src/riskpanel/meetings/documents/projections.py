"""Database rows to the documents package's view models (agenda, minutes, agency extract).

Only what each document needs crosses over: a case is its reference, the victim's initials,
strands and risk level; narratives and names never do. The views are frozen values, so the
PDF cache keys on exactly what is printed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from riskpanel.documents import views as doc
from riskpanel.documents.formatting import label
from riskpanel.kit.errors import Conflict
from riskpanel.meetings import repository as repo
from riskpanel.meetings.agenda.projections import item_times
from riskpanel.meetings.documents.risk_review import risk_reviews
from riskpanel.meetings.minutes import repository as minutes_repo
from riskpanel.meetings.repository import handling_statement, panel_of
from riskpanel.meetings.thresholds import MeetingRules
from riskpanel.models import (
    Action,
    Agency,
    AgendaItem,
    Case,
    Meeting,
    MinuteEntry,
    Minutes,
    Person,
    User,
)
from riskpanel.models.enums import AgendaSection

S = AgendaSection
DECISION_LABELS = {
    "actions_agreed": "Actions agreed",
    "close_no_action": "Closed with no further action",
    "continue_actions": "Reviewed: actions continue",
    "move_to_monitoring": "Reviewed: risk reduced, case moves to monitoring",
    "adjourned": "Adjourned to the next meeting",
}
NOT_RECORDED = "Not recorded"
FINISHED = ("completed", "not_possible")  # the agency's progress ends there
NOT_GIVEN = "Not given"  # an attendance name or role left blank (apologies name nobody)


def initials(person: Person | None) -> str:
    """Two capital letters (accents dropped); "X" stands in for a part with no letter."""
    parts = [person.given_name, person.family_name] if person else []
    letters = []
    for part in parts:
        plain = unicodedata.normalize("NFKD", (part or "").strip()).encode("ascii", "ignore")
        first = next((c for c in plain.decode().upper() if c.isalpha()), "X")
        letters.append(first)
    return "".join(letters) or "X"


def meeting_details(session: Session, meeting: Meeting, rules: MeetingRules) -> doc.MeetingDetails:
    local = rules.local(meeting.starts_at)
    chair = session.get(User, meeting.chair_user_id) if meeting.chair_user_id else None
    online = meeting.online_link is not None and not meeting.venue
    return doc.MeetingDetails(
        panel_name=panel_of(session, meeting).name,
        meeting_date=local.date(),
        start_time=local.time().replace(second=0, microsecond=0),
        venue=(meeting.venue or "Online meeting")[:200],
        online=online,
        chair=(chair.display_name if chair else "To be confirmed")[:200],
    )


class CaseFacts:
    """Batch lookups for the case lines of one document."""

    def __init__(self, session: Session, case_ids: Iterable[int]) -> None:
        ids = set(case_ids)
        self.cases: dict[int, Case] = repo.cases_by_id(session, ids)
        self.victims = repo.victims(session, ids)
        self.strands = repo.strands(session, ids)
        self.referrers = repo.referring_agencies(session, ids)

    def line(self, case_id: int) -> dict[str, object]:
        case = self.cases[case_id]
        strands = [label(s) for s in self.strands.get(case_id, [])]
        return {
            "case_ref": case.reference,
            "victim_initials": initials(self.victims.get(case_id)),
            "strands": tuple(strands) or (NOT_RECORDED,),
            "risk_level": case.risk_level if case.risk_level in ("medium", "high") else "standard",
        }


def _action_item(
    action: Action, agencies: dict[int, Agency], cases: dict[int, Case]
) -> doc.ActionItem:
    return doc.ActionItem(
        action_ref=action.reference,
        case_ref=cases[action.case_id].reference,
        owner_agency=agencies[action.agency_id].name,
        description=action.description,
        due_date=action.due_on,
    )


def _case_items(
    session: Session, meeting: Meeting, rules: MeetingRules, items: list[AgendaItem]
) -> tuple[list[doc.AgendaCase], list[doc.ReviewDue], list[doc.TwelveMonthNotice]]:
    times = dict(zip((i.id for i in items), item_times(meeting, rules, items), strict=True))
    facts = CaseFacts(session, (i.case_id for i in items if i.case_id))
    open_actions = repo.open_actions_by_case(session, facts.cases)
    cases, reviews, notices = [], [], []
    for item in (i for i in items if i.case_id):
        case_id = item.case_id or 0
        case = facts.cases[case_id]
        last_heard = rules.local(case.last_hearing_at or case.opened_at).date()
        if item.section in (S.NEW_CASE, S.REPEAT_CASE):
            route = label(case.route) if case.route else NOT_RECORDED
            cases.append(
                doc.AgendaCase(
                    **facts.line(case_id),
                    route=route,
                    referring_agency=facts.referrers.get(case_id, NOT_RECORDED),
                    time_slot=times[item.id],
                    children_in_household=case.children_in_household,
                    repeat=item.section == S.REPEAT_CASE,
                )
            )
        elif item.section == S.REVIEW:
            reviews.append(
                doc.ReviewDue(
                    **facts.line(case_id),
                    last_heard=last_heard,
                    open_actions=len(open_actions.get(case_id, [])),
                    time_slot=times[item.id],
                )
            )
        elif item.section == S.TWELVE_MONTH_NOTICE:
            notices.append(doc.TwelveMonthNotice(case_ref=case.reference, last_heard=last_heard))
    return cases, reviews, notices


def agenda_document(session: Session, meeting: Meeting, rules: MeetingRules) -> doc.AgendaDocument:
    """The saved agenda; unfinished actions are read live from the last meeting."""
    assert meeting.id is not None
    items = repo.agenda_items(session, meeting.id)
    cases, reviews, notices = _case_items(session, meeting, rules, items)
    unfinished = []
    if any(i.section == S.UNFINISHED_ACTIONS for i in items):
        unfinished = _unfinished_actions(session, meeting, rules)
    return doc.AgendaDocument(
        meeting=meeting_details(session, meeting, rules),
        confidentiality_statement=handling_statement(session, meeting),
        unfinished_actions=tuple(unfinished),
        cases=tuple(cases),
        reviews_due=tuple(reviews),
        twelve_month_notices=tuple(notices),
        any_other_business=tuple(i.title for i in items if i.section == S.ANY_OTHER_BUSINESS),
        expected_length_minutes=rules.opening_minutes + sum(i.slot_minutes for i in items),
    )


def _unfinished_actions(
    session: Session, meeting: Meeting, rules: MeetingRules
) -> list[doc.UnfinishedAction]:
    """Overdue: not finished by the agency and already marked so by the timers, or due before
    the day of this meeting."""
    previous = repo.previous_meeting(session, meeting)
    if previous is None or previous.id is None:
        return []
    actions = repo.unfinished_actions_of_meeting(session, previous.id)
    agencies = repo.agencies_by_id(session, (a.agency_id for a in actions))
    cases = repo.cases_by_id(session, (a.case_id for a in actions))
    meeting_day = rules.local(meeting.starts_at).date()
    return [
        doc.UnfinishedAction(
            **_action_item(a, agencies, cases).model_dump(),
            status=label(a.progress),
            overdue=a.progress not in FINISHED and (a.overdue or a.due_on < meeting_day),
        )
        for a in actions
    ]


def _attendance(session: Session, meeting_id: int, rules: MeetingRules) -> dict[str, Any]:
    """Present (with Y/N for the statement), observers, apologies, and what absent agencies
    sent in and when: the first part of the minutes' audit trail."""
    people = repo.attendance(session, meeting_id)
    if not any(p.status == "present" for p in people):
        raise Conflict("The minutes need the attendance first.")
    name = {
        k: v.name for k, v in repo.agencies_by_id(session, (p.agency_id for p in people)).items()
    }
    return {
        "attendance": tuple(
            doc.Attendance(
                agency=name[p.agency_id],
                representative=p.attendee_name,
                role=p.attendee_role or None,
                confidentiality_signed=p.confidentiality_signed,
            )
            for p in people
            if p.status == "present" and p.agency_id
        ),
        "observers": tuple(
            doc.Observer(
                name=p.attendee_name,
                organisation=name.get(p.agency_id or 0) or p.attendee_role or NOT_GIVEN,
                confidentiality_signed=p.confidentiality_signed,
            )
            for p in people
            if p.status == "observer"
        ),
        "apologies": tuple(
            doc.Apology(agency=name[p.agency_id], representative=p.attendee_name or None)
            for p in people
            if p.status == "apology" and p.agency_id
        ),
        "absent_agency_information": tuple(
            doc.AbsentAgencyInformation(
                agency=name[p.agency_id],
                sent_at=rules.local(p.information_sent_at),
                summary=p.information_summary,
            )
            for p in people
            if p.agency_id and p.information_sent_at and p.information_summary
        ),
    }


def minutes_document(
    session: Session, meeting: Meeting, rules: MeetingRules, minutes: Minutes
) -> doc.MinutesDocument:
    assert meeting.id is not None and minutes.id is not None
    return doc.MinutesDocument(
        meeting=meeting_details(session, meeting, rules),
        confidentiality_statement=handling_statement(session, meeting),
        version=minutes.version,
        approved_on=rules.local(minutes.approved_at).date() if minutes.approved_at else None,
        **_attendance(session, meeting.id, rules),
        cases=tuple(_minutes_cases(session, meeting, minutes)),
        carried_forward=tuple(_carried_forward(session, meeting)),
    )


def _minutes_cases(session: Session, meeting: Meeting, minutes: Minutes) -> list[doc.MinutesCase]:
    """In agenda order, so the minutes read in the order the meeting ran."""
    entries = {e.case_id: e for e in minutes_repo.minute_entries(session, minutes.id or 0)}
    order = [i.case_id for i in repo.agenda_items(session, meeting.id or 0) if i.case_id]
    ordered = [c for c in dict.fromkeys(order) if c in entries]
    ordered += [c for c in entries if c not in ordered]
    facts = CaseFacts(session, ordered)
    info = minutes_repo.shared_information(session, (e.id for e in entries.values() if e.id))
    actions = repo.actions_agreed_at(session, meeting.id or 0)
    agencies = repo.agencies_by_id(
        session, [a.agency_id for a in actions] + [i.agency_id for v in info.values() for i in v]
    )
    reviews = risk_reviews(session, meeting, facts.cases, {c: entries[c].decision for c in ordered})
    out = []
    for case_id in ordered:
        entry = entries[case_id]
        decision = DECISION_LABELS.get(entry.decision or "", label(entry.decision or "none"))
        out.append(
            doc.MinutesCase(
                **facts.line(case_id),
                children_in_household=facts.cases[case_id].children_in_household,
                information=tuple(
                    doc.SharedInformation(
                        agency=agencies[i.agency_id].name, kind=i.kind, text=i.text
                    )
                    for i in info.get(entry.id or 0, [])
                ),
                decision=f"{decision}. {entry.decision_notes}"
                if entry.decision_notes
                else decision,
                actions=tuple(
                    _action_item(a, agencies, facts.cases) for a in actions if a.case_id == case_id
                ),
                risk_review=reviews[case_id],
                voice=victim_voice(session, entry, facts.cases[case_id]),
            )
        )
    return out


def victim_voice(session: Session, entry: MinuteEntry, case: Case) -> doc.VictimVoice | None:
    """The victim's views (with the agency that reported them) and the safety plan, or None
    when the minutes record neither."""
    if not entry.victim_views and not entry.safety_plan:
        return None
    reporter = session.get(Agency, entry.victim_views_agency_id or 0)
    return doc.VictimVoice(
        case_ref=case.reference,
        views=entry.victim_views,
        reported_by=reporter.name if reporter else None,
        safety_plan=entry.safety_plan,
    )


def _extract_voices(
    session: Session, meeting: Meeting, cases: dict[int, Case]
) -> list[doc.VictimVoice]:
    """The latest minutes' victim's voice of the cases the agency acts on."""
    latest = minutes_repo.latest_minutes(session, meeting.id or 0)
    entries = minutes_repo.minute_entries(session, latest.id or 0) if latest else []
    voices = (victim_voice(session, e, cases[e.case_id]) for e in entries if e.case_id in cases)
    return [v for v in voices if v is not None]


def _carried_forward(session: Session, meeting: Meeting) -> list[doc.CarriedForwardAction]:
    reviewed = repo.actions_reviewed_at(session, meeting.id or 0)
    agencies = repo.agencies_by_id(session, (a.agency_id for a in reviewed))
    cases = repo.cases_by_id(session, (a.case_id for a in reviewed))
    notes = repo.review_notes(session, (a.id for a in reviewed))
    return [
        doc.CarriedForwardAction(
            **_action_item(a, agencies, cases).model_dump(),
            outcome=a.review_outcome,
            note=notes.get(a.id or 0),
        )
        for a in reviewed
    ]


def extract_document(
    session: Session, meeting: Meeting, rules: MeetingRules, agency: Agency
) -> doc.AgencyExtractDocument:
    """One agency's actions from this meeting; the view refuses any other agency's action."""
    own = [a for a in repo.actions_agreed_at(session, meeting.id or 0) if a.agency_id == agency.id]
    cases = repo.cases_by_id(session, (a.case_id for a in own))
    coordinators = repo.panel_coordinators(session, meeting.panel_id)
    contact = (
        doc.CoordinatorContact(name=coordinators[0].display_name, email=coordinators[0].email)
        if coordinators
        else doc.CoordinatorContact(name="Panel coordinator", email="not given")
    )
    return doc.AgencyExtractDocument.for_agency(
        meeting=meeting_details(session, meeting, rules),
        confidentiality_statement=handling_statement(session, meeting),
        agency_name=agency.name,
        actions=[_action_item(a, {agency.id or 0: agency}, cases) for a in own],
        coordinator=contact,
        voices=_extract_voices(session, meeting, cases),
    )
