"""Queries behind meetings, agendas and minutes, kept apart so the services read as use cases.

Batch lookups (by a list of case ids) keep a 25-case agenda to a handful of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlmodel import Session, col, delete, select

from riskpanel.models import (
    Action,
    ActionUpdate,
    Agency,
    AgendaItem,
    Attendance,
    Case,
    CasePerson,
    Incident,
    IncidentStrand,
    Meeting,
    MeetingInvite,
    Panel,
    PanelMembership,
    Person,
    Referral,
    RiskAssessment,
    User,
)
from riskpanel.models.enums import AssessmentStanding
from riskpanel.models.org import DEFAULT_CONFIDENTIALITY_STATEMENT

REVIEW_STATES = ("actions_open", "review")
HEARD_STATES = ("heard", "actions_open", "review", "monitoring")


def panel_of(session: Session, meeting: Meeting) -> Panel:
    panel = session.get(Panel, meeting.panel_id)
    assert panel is not None  # foreign key
    return panel


def handling_statement(session: Session, meeting: Meeting) -> str:
    """The panel's confidentiality statement for a meeting's papers. Panels made before the
    statement was required may hold an empty one; their papers carry the default words."""
    return panel_of(session, meeting).confidentiality_statement or DEFAULT_CONFIDENTIALITY_STATEMENT


def member_agency_ids(session: Session, panel_id: int) -> list[int]:
    """The agencies that are members of the panel today (none has left)."""
    return sorted(
        session.exec(
            select(PanelMembership.agency_id).where(
                PanelMembership.panel_id == panel_id, col(PanelMembership.left_on).is_(None)
            )
        ).all()
    )


def invites(session: Session, meeting_id: int | None) -> list[MeetingInvite]:
    return list(
        session.exec(select(MeetingInvite).where(MeetingInvite.meeting_id == meeting_id)).all()
    )


def meetings_page(
    session: Session,
    *,
    panel_id: int | None,
    invited_agency_id: int | None,
    after: int | None,
    limit: int,
) -> list[Meeting]:
    """One page of meetings by id: a panel's own, or those an agency is invited to.

    Reads one row more than ``limit`` so the caller knows whether another page follows."""
    query = select(Meeting)
    if invited_agency_id is not None:
        query = query.join(MeetingInvite, col(MeetingInvite.meeting_id) == col(Meeting.id)).where(
            MeetingInvite.agency_id == invited_agency_id
        )
    else:
        query = query.where(Meeting.panel_id == panel_id)
    if after is not None:
        query = query.where(col(Meeting.id) > after)
    return list(session.exec(query.order_by(col(Meeting.id)).limit(limit + 1)).all())


def lock_meeting(session: Session, meeting_id: int) -> Meeting | None:
    """Row lock: the meeting is the concurrency unit of its agenda, attendance and minutes."""
    return session.exec(select(Meeting).where(Meeting.id == meeting_id).with_for_update()).first()


def invited_agency_ids(session: Session, meeting_id: int) -> list[int]:
    return sorted(
        session.exec(
            select(MeetingInvite.agency_id).where(MeetingInvite.meeting_id == meeting_id)
        ).all()
    )


def agenda_items(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(col(AgendaItem.position), col(AgendaItem.id))
        ).all()
    )


def clear_agenda(session: Session, meeting_id: int) -> None:
    session.exec(delete(AgendaItem).where(col(AgendaItem.meeting_id) == meeting_id))


def previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    return session.exec(
        select(Meeting)
        .where(Meeting.panel_id == meeting.panel_id, col(Meeting.starts_at) < meeting.starts_at)
        .order_by(col(Meeting.starts_at).desc())
        .limit(1)
    ).first()


def unfinished_actions_of_meeting(session: Session, meeting_id: int) -> list[Action]:
    return list(
        session.exec(
            select(Action)
            .where(Action.meeting_id == meeting_id, col(Action.review_outcome).is_(None))
            .order_by(col(Action.due_on), col(Action.id))
        ).all()
    )


def cases_by_id(session: Session, ids: Iterable[int]) -> dict[int, Case]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.exec(select(Case).where(col(Case.id).in_(wanted))).all()
    return {c.id: c for c in rows if c.id is not None}


def open_actions_by_case(session: Session, case_ids: Iterable[int]) -> dict[int, list[Action]]:
    """Actions not yet given a review outcome, per case."""
    wanted = set(case_ids)
    found: dict[int, list[Action]] = defaultdict(list)
    if wanted:
        for action in session.exec(
            select(Action)
            .where(col(Action.case_id).in_(wanted), col(Action.review_outcome).is_(None))
            .order_by(col(Action.due_on), col(Action.id))
        ).all():
            found[action.case_id].append(action)
    return found


def actions_agreed_at(
    session: Session, meeting_id: int, case_id: int | None = None
) -> list[Action]:
    query = select(Action).where(Action.meeting_id == meeting_id)
    if case_id is not None:
        query = query.where(Action.case_id == case_id)
    return list(session.exec(query.order_by(col(Action.case_id), col(Action.id))).all())


def actions_reviewed_at(
    session: Session, meeting_id: int, case_id: int | None = None
) -> list[Action]:
    query = select(Action).where(
        Action.reviewed_meeting_id == meeting_id, col(Action.review_outcome).is_not(None)
    )
    if case_id is not None:
        query = query.where(Action.case_id == case_id)
    return list(session.exec(query.order_by(col(Action.case_id), col(Action.id))).all())


def agencies_by_id(session: Session, ids: Iterable[int | None]) -> dict[int, Agency]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {
        a.id: a
        for a in session.exec(select(Agency).where(col(Agency.id).in_(wanted))).all()
        if a.id is not None
    }


def attendance(session: Session, meeting_id: int) -> list[Attendance]:
    return list(
        session.exec(
            select(Attendance)
            .where(Attendance.meeting_id == meeting_id)
            .order_by(col(Attendance.id))
        ).all()
    )


def victims(session: Session, case_ids: Iterable[int]) -> dict[int, Person]:
    """The victim of each case: the case's own link first, else its victim party."""
    wanted = set(case_ids)
    if not wanted:
        return {}
    rows = session.exec(
        select(CasePerson.case_id, Person)
        .join(Person, col(Person.id) == col(CasePerson.person_id))
        .where(col(CasePerson.case_id).in_(wanted), CasePerson.role == "victim")
        .order_by(col(CasePerson.id))
    ).all()
    found: dict[int, Person] = {}
    for case_id, person in rows:
        found.setdefault(case_id, person)
    direct = session.exec(
        select(Case.id, Person)
        .join(Person, col(Person.id) == col(Case.victim_person_id))
        .where(col(Case.id).in_(wanted))
    ).all()
    for direct_id, direct_person in direct:
        if direct_id is not None:
            found[direct_id] = direct_person
    return found


def strands(session: Session, case_ids: Iterable[int]) -> dict[int, list[str]]:
    wanted = set(case_ids)
    found: dict[int, set[str]] = defaultdict(set)
    if wanted:
        rows = session.exec(
            select(Incident.case_id, IncidentStrand.strand)
            .join(IncidentStrand, col(IncidentStrand.incident_id) == col(Incident.id))
            .where(col(Incident.case_id).in_(wanted))
        ).all()
        for case_id, strand in rows:
            if case_id is not None:
                found[case_id].add(strand)
    return {k: sorted(v) for k, v in found.items()}


def referring_agencies(session: Session, case_ids: Iterable[int]) -> dict[int, str]:
    """The agency of each case's latest referral."""
    wanted = set(case_ids)
    if not wanted:
        return {}
    rows = session.exec(
        select(Referral.case_id, Agency.name)
        .join(Agency, col(Agency.id) == col(Referral.referring_agency_id))
        .where(col(Referral.case_id).in_(wanted))
        .order_by(col(Referral.received_at), col(Referral.id))
    ).all()
    return {case_id: name for case_id, name in rows if case_id is not None}


def panel_coordinators(session: Session, panel_id: int) -> list[User]:
    return list(
        session.exec(
            select(User)
            .where(User.panel_id == panel_id, User.role == "coordinator", col(User.active))
            .order_by(col(User.id))
        ).all()
    )


def review_notes(session: Session, action_ids: Iterable[int | None]) -> dict[int, str]:
    """The panel's note on each reviewed action (kept on the review's update row)."""
    wanted = {i for i in action_ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(
        select(ActionUpdate)
        .where(col(ActionUpdate.action_id).in_(wanted), ActionUpdate.progress == "reviewed")
        .order_by(col(ActionUpdate.id))
    ).all()
    return {u.action_id: u.note for u in rows if u.note}


def panel_assessments(session: Session, case_ids: Iterable[int]) -> dict[int, list[RiskAssessment]]:
    """The panel's own risk assessments of each case, oldest first (agency views left out)."""
    wanted = set(case_ids)
    if not wanted:
        return {}
    rows = session.exec(
        select(RiskAssessment)
        .where(col(RiskAssessment.case_id).in_(wanted))
        .where(RiskAssessment.standing == AssessmentStanding.DECISION.value)
        .order_by(col(RiskAssessment.assessed_at), col(RiskAssessment.id))
    ).all()
    found: dict[int, list[RiskAssessment]] = defaultdict(list)
    for row in rows:
        found[row.case_id or 0].append(row)
    return found
