"""The panel's meetings in the replayed half-year: planned five weeks ahead, an agenda once
the referral cut-off has passed, research from the agencies, the sitting itself (attendance,
then minutes case by case, which drive each case through the workflow and create the
actions), and the chair's approval of the minutes two working days later.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from riskpanel.actions.repository import FINISHED
from riskpanel.actions.schemas import ActionFilters
from riskpanel.actions.service import list_actions
from riskpanel.demo import texts
from riskpanel.demo.context import Demo
from riskpanel.demo.intake import close_monitored, demo_cases, fire_case
from riskpanel.demo.late import late_listing
from riskpanel.demo.partnership import USERS
from riskpanel.demo.progress import due_on, fate_for, plan_action
from riskpanel.kit.caller import Caller
from riskpanel.kit.concurrency import etag
from riskpanel.meetings.agenda.schemas import AgendaIn, AgendaItemIn
from riskpanel.meetings.agenda.service import propose_agenda, read_agenda, save_agenda
from riskpanel.meetings.attendance.schemas import AttendanceIn, AttendeeIn
from riskpanel.meetings.attendance.service import save_attendance
from riskpanel.meetings.minutes import repository as minutes_repo
from riskpanel.meetings.minutes.schemas import ActionIn, ActionReviewIn, CaseMinutesIn, SharedInfoIn
from riskpanel.meetings.minutes.service import approve_minutes, record_case_minutes
from riskpanel.meetings.schemas import MeetingCreate
from riskpanel.meetings.service import create_meeting
from riskpanel.meetings.thresholds import MeetingRules
from riskpanel.models import Case, Meeting
from riskpanel.models.enums import AgencyKind, ReviewOutcome
from riskpanel.research.schemas import ResearchItemIn, ResearchReturnIn, WithheldIn
from riskpanel.research.service import submit_return

K = AgencyKind
VENUE = "Northshire Civic Centre, Committee Room 2"
HEARING = ("new_case", "repeat_case")
MINUTED = (*HEARING, "review")
REVIEWED_AS = {
    "completed": ReviewOutcome.COMPLETED,
    "not_possible": ReviewOutcome.NOT_POSSIBLE_CIRCUMSTANCES_CHANGED,
}
OTHERS = (K.HOUSING, K.ADULT_SOCIAL_CARE, K.HEALTH, K.COMMUNITY_ORGANISATION, K.PROBATION)


def plan_meeting(demo: Demo, number: int, day: date, *, held: bool) -> None:
    """Plan a meeting; a held one also gets its agenda, research, sitting and approval."""
    tl = demo.timeline
    starts = tl.local(day, 10)
    demo.meeting_days[number] = day
    tl.at(tl.local(tl.working_day(day - timedelta(days=35)), 11), partial(create, demo, number))
    if not held:
        return
    cutoff = MeetingRules.for_panel(demo.org.panel, demo.settings).cutoff_for(starts)
    agenda_day = tl.working_day(cutoff.astimezone(tl.zone).date(), 1)
    tl.at(tl.local(agenda_day, 9, 30), partial(agenda_step, demo, number))
    tl.at(tl.local(tl.working_day(day, -5), 15), partial(late_listing, demo, number))
    tl.at(tl.local(tl.working_day(day, -4), 11), partial(research, demo, number))
    tl.at(starts, partial(hold, demo, number))
    tl.at(tl.local(tl.working_day(day, 2), 14), partial(approve, demo, number))


def create(demo: Demo, number: int, _moment: datetime) -> None:
    meeting = create_meeting(
        session=demo.session,
        caller=Caller(principal=demo.coordinator, settings=demo.settings),
        data=MeetingCreate(
            panel_id=demo.org.panel_id,
            starts_at=demo.timeline.local(demo.meeting_days[number], 10),
            duration_minutes=300,
            venue=VENUE,
            chair_user_id=demo.org.users["chair"].id,
        ),
    )
    assert meeting.id is not None
    demo.meeting_ids[number] = meeting.id


def agenda_step(demo: Demo, number: int, _moment: datetime) -> None:
    set_agenda(demo, number)


def set_agenda(demo: Demo, number: int) -> int:
    """Take the proposal as it stands (the order follows docs/DOMAIN.md section 5)."""
    meeting_id = demo.meeting_ids[number]
    proposal = propose_agenda(
        session=demo.session,
        caller=Caller(principal=demo.coordinator, settings=demo.settings),
        meeting_id=meeting_id,
    )
    items = [
        AgendaItemIn(
            section=item.section,
            case_id=item.case_id,
            position=position,
            slot_minutes=item.slot_minutes,
        )
        for position, item in enumerate(proposal.items, start=1)
    ]
    meeting = demo.session.get(Meeting, meeting_id)
    assert meeting is not None
    agenda = save_agenda(
        session=demo.session,
        caller=Caller(principal=demo.coordinator, settings=demo.settings),
        meeting_id=meeting_id,
        data=AgendaIn(items=items),
        expected_version=meeting.row_version,
        workflows=demo.workflows,
    )
    return len(agenda.items)


def _other_agency(demo: Demo, case: Case) -> AgencyKind:
    if case.children_in_household:
        return demo.rng.choice([K.CHILDRENS_SERVICES, K.EDUCATION])
    return demo.rng.choice(OTHERS)


def _agenda(demo: Demo, number: int, sections: tuple[str, ...]) -> list[tuple[int, str]]:
    agenda = read_agenda(
        session=demo.session,
        caller=Caller(principal=demo.coordinator, settings=demo.settings),
        meeting_id=demo.meeting_ids[number],
    )
    return [(i.case_id, i.section) for i in agenda.items if i.case_id and i.section in sections]


def research(demo: Demo, number: int, _moment: datetime) -> None:
    """The police and one other agency return what their records hold on each new case."""
    for case_id, _ in _agenda(demo, number, HEARING):
        kinds = [K.POLICE, _other_agency(demo, demo.case(case_id))]
        for kind in kinds:
            fact, opinion = texts.RESEARCH[kind]
            withheld = kind == K.POLICE and demo.rng.random() < 0.2
            submit_return(
                session=demo.session,
                caller=Caller(demo.org.reporters[demo.org.agency_id(kind)], demo.settings),
                case_id=case_id,
                data=ResearchReturnIn(
                    meeting_id=demo.meeting_ids[number],
                    items=[
                        ResearchItemIn(kind="fact", text=fact),
                        ResearchItemIn(kind="opinion", text=opinion),
                    ],
                    withheld=[WithheldIn(description=texts.WITHHELD[0], reason=texts.WITHHELD[1])]
                    if withheld
                    else [],
                ),
            )
        demo.researched[case_id] = kinds


def _attendance(demo: Demo, number: int, moment: datetime) -> AttendanceIn:
    """Everyone signs the confidentiality statement; two agencies send apologies and notes."""
    kinds = [k for k in demo.org.agencies if k != K.POLICE]
    away = {kinds[(2 * number) % len(kinds)], kinds[(2 * number + 1) % len(kinds)]}
    attendees = []
    for display, _, kind, _ in USERS.values():
        if kind is None:
            continue
        agency_id = demo.org.agency_id(kind)
        if kind in away:
            attendees.append(
                AttendeeIn(
                    agency_id=agency_id,
                    name=display,
                    role="Panel representative",
                    status="apology",
                    information_sent_at=moment - timedelta(days=1),
                    information_summary="Written update on the cases on the agenda.",
                )
            )
        else:
            attendees.append(
                AttendeeIn(
                    agency_id=agency_id,
                    name=display,
                    role="Panel representative",
                    confidentiality_signed=True,
                )
            )
    attendees.append(
        AttendeeIn(
            name=demo.people.gb.name(),
            role="Observer, social work student placement",
            status="observer",
            confidentiality_signed=True,
        )
    )
    return AttendanceIn(attendees=attendees)


def hold(demo: Demo, number: int, moment: datetime) -> None:
    """Attendance first, then a minute for each case heard or reviewed, a slot apart."""
    meeting_id = demo.meeting_ids[number]
    meeting = demo.session.get(Meeting, meeting_id)
    assert meeting is not None
    save_attendance(
        session=demo.session,
        principal=demo.coordinator,
        meeting_id=meeting_id,
        data=_attendance(demo, number, moment),
        expected_version=meeting.row_version,
    )
    for position, (case_id, section) in enumerate(_agenda(demo, number, MINUTED)):
        demo.timeline.at(
            moment + timedelta(minutes=15 + 12 * position),
            partial(minute_case, demo, number, case_id, section),
        )


def _information(demo: Demo, case_id: int, section: str) -> list[SharedInfoIn]:
    if section == "review":
        return [
            SharedInfoIn(
                agency_id=demo.org.agency_id(K.POLICE),
                kind="fact",
                text="No further incidents reported to the police since the last meeting.",
            )
        ]
    shared = []
    for kind in demo.researched.get(case_id, [K.POLICE]):
        fact, opinion = texts.RESEARCH[kind]
        agency_id = demo.org.agency_id(kind)
        shared += [
            SharedInfoIn(agency_id=agency_id, kind="fact", text=fact),
            SharedInfoIn(agency_id=agency_id, kind="opinion", text=opinion),
        ]
    return shared


def _new_actions(
    demo: Demo, number: int, case: Case, fates: list[str], most: int = 3
) -> list[ActionIn]:
    last = number == demo.last_held
    kinds = [K.POLICE, K.VICTIM_SUPPORT, _other_agency(demo, case)]
    demo.rng.shuffle(kinds)
    actions = []
    for kind in kinds[: demo.rng.randint(2, most)]:
        fate = fate_for(demo, last)
        fates.append(fate)
        actions.append(
            ActionIn(
                agency_id=demo.org.agency_id(kind),
                description=demo.rng.choice(texts.ACTIONS[kind]),
                due_on=due_on(demo, fate, demo.meeting_days[number], last),
            )
        )
    return actions


def _review(demo: Demo, number: int, case: Case, fates: list[str]) -> CaseMinutesIn:
    """Every unfinished action gets the panel's outcome; then monitor or carry on."""
    page = list_actions(
        session=demo.session,
        caller=Caller(principal=demo.coordinator, settings=demo.settings),
        filters=ActionFilters(case_id=case.id),
    )
    unfinished = [
        a
        for a in page.items
        if a.review_outcome is None and a.meeting_id != demo.meeting_ids[number]
    ]
    reviews = [
        ActionReviewIn(
            action_id=a.id,
            outcome=(outcome := REVIEWED_AS.get(a.progress, ReviewOutcome.NOT_DONE_BY_AGENCY)),
            note=texts.REVIEW_NOTES[outcome.value],
        )
        for a in unfinished
    ]
    all_done = all(a.progress in REVIEWED_AS for a in unfinished)
    information = _information(demo, case.id or 0, "review")
    if demo.rng.random() < (0.8 if all_done else 0.3):
        return CaseMinutesIn(
            information=information,
            decision="move_to_monitoring",
            decision_notes="Risk has reduced; the case moves to monitoring for repeat incidents.",
            reviews=reviews,
        )
    return CaseMinutesIn(
        information=information,
        decision="continue_actions",
        reviews=reviews,
        actions=_new_actions(demo, number, case, fates, most=2),
    )


def _victim_voice(demo: Demo, case_id: int) -> dict[str, object]:
    """What the victim wants, as victim support (the advocate in contact) reports it, and
    the safety plan agreed: the panel hears the victim at every new case it acts on. Chosen
    by case, not by the demo's random stream, so the rest of the demo stays as it was."""
    return {
        "victim_views": texts.VICTIM_VIEWS[case_id % len(texts.VICTIM_VIEWS)],
        "victim_views_agency_id": demo.org.agency_id(K.VICTIM_SUPPORT),
        "safety_plan": texts.SAFETY_PLANS[case_id % len(texts.SAFETY_PLANS)],
    }


def _minutes_etag(demo: Demo, meeting_id: int) -> str:
    minutes = minutes_repo.latest_minutes(demo.session, meeting_id)
    assert minutes is not None
    return etag("minutes", minutes.id, minutes.row_version)


def minute_case(demo: Demo, number: int, case_id: int, section: str, moment: datetime) -> None:
    case, fates = demo.case(case_id), list[str]()
    if section == "review":
        data = _review(demo, number, case, fates)
    elif section == "new_case" and demo.rng.random() < 0.12:
        data = CaseMinutesIn(
            information=_information(demo, case_id, section),
            decision="close_no_action",
            decision_notes=texts.CLOSE_NO_ACTION,
        )
    else:
        data = CaseMinutesIn(
            information=_information(demo, case_id, section),
            decision="actions_agreed",
            actions=_new_actions(demo, number, case, fates),
            **_victim_voice(demo, case_id),
        )
    meeting_id = demo.meeting_ids[number]
    out = record_case_minutes(
        session=demo.session,
        caller=Caller(principal=demo.coordinator, settings=demo.settings),
        meeting_id=meeting_id,
        case_id=case_id,
        data=data,
        if_match=_minutes_etag(demo, meeting_id),
        workflows=demo.workflows,
    )
    demo.tally[f"decision:{data.decision}"] += 1
    by_key = {
        (a.agency_id, a.description.strip(), a.due_on): f
        for a, f in zip(data.actions, fates, strict=True)
    }
    for action in out.actions:
        fate = by_key.get((action.agency_id, action.description, action.due_on), "open")
        plan_action(demo, action.id, fate, moment)
    if data.decision == "move_to_monitoring" and demo.rng.random() < 0.6:
        later = moment + timedelta(days=demo.rng.randint(21, 35))
        demo.timeline.at(later, partial(close_monitored, demo, case_id))


def approve(demo: Demo, number: int, _moment: datetime) -> None:
    meeting_id = demo.meeting_ids[number]
    approve_minutes(
        session=demo.session,
        caller=Caller(principal=demo.chair, settings=demo.settings),
        meeting_id=meeting_id,
        if_match=_minutes_etag(demo, meeting_id),
    )
    demo.tally["minutes_approved"] += 1


def plan_early_review(demo: Demo, day: date) -> None:
    tl = demo.timeline
    while tl.working_day(day) != day:
        day -= timedelta(days=1)
    tl.at(tl.local(day, 15), partial(bring_review_forward, demo))


def bring_review_forward(demo: Demo, _moment: datetime) -> None:
    """The coordinator starts one review early (the six-week timer would do it later): the
    case whose agencies report the most actions finished."""
    best: tuple[int, int] | None = None
    for case_id in demo_cases(demo, "actions_open"):
        page = list_actions(
            session=demo.session,
            caller=Caller(principal=demo.coordinator, settings=demo.settings),
            filters=ActionFilters(case_id=case_id),
        )
        done = sum(a.progress in FINISHED for a in page.items if a.review_outcome is None)
        if best is None or done > best[0]:
            best = (done, case_id)
    if best is not None:
        fire_case(
            demo, best[1], "start_review", "Agencies report their actions done: review early."
        )
        demo.tally["early_review"] += 1
