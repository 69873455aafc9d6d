"""Database rows to document views: overdue unfinished actions, the chair named once, and
each case's risk review (at referral, at the hearing, now) from the panel's assessments."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from riskpanel.config import Settings
from riskpanel.meetings.documents.projections import agenda_document, minutes_document
from riskpanel.meetings.documents.risk_review import movement
from riskpanel.meetings.thresholds import rules_for
from riskpanel.models import Action, Case, Meeting, Minutes, RiskAssessment
from tests.fixtures import World
from tests.meetings.factories import create_meeting, hold_meeting, make_action, make_case
from tests.meetings.flow import (
    actions_agreed,
    agenda_from_proposal,
    held_meeting_with_cases,
    put_minutes,
)


def _progress(engine: Engine, action_id: int, progress: str) -> str:
    with Session(engine) as session:
        action = session.exec(select(Action).where(Action.id == action_id)).one()
        action.progress = progress
        session.add(action)
        session.commit()
        return action.reference


def test_agenda_marks_unfinished_actions_overdue_by_the_meeting_day(
    client: TestClient, world: World, engine: Engine, settings: Settings
) -> None:
    last = create_meeting(client, world, days_ahead=1)
    hold_meeting(engine, last["id"], hours_ago=24 * 50)
    case = make_case(engine, world, state="actions_open", last_heard_days_ago=50)
    due = {
        name: make_action(
            engine, world, case_id=case.id, meeting_id=last["id"], agency=agency, due_in_days=days
        )
        for name, agency, days in (
            ("late", "housing", -3),
            ("due_on_the_day", "police", 5),
            ("in_time", "police", 20),
            ("late_but_done", "housing", -4),
        )
    }
    refs = {name: _progress(engine, i, "in_progress") for name, i in due.items()}
    refs["late_but_done"] = _progress(engine, due["late_but_done"], "completed")
    meeting = create_meeting(client, world, days_ahead=5)
    agenda_from_proposal(client, world, meeting)
    with Session(engine) as session:
        row = session.exec(select(Meeting).where(Meeting.id == meeting["id"])).one()
        view = agenda_document(session, row, rules_for(session, row, settings))
    overdue = {a.action_ref: a.overdue for a in view.unfinished_actions}
    assert overdue == {
        refs["late"]: True,
        refs["due_on_the_day"]: False,
        refs["in_time"]: False,
        refs["late_but_done"]: False,
    }
    assert [a.action_ref for a in view.overdue_actions] == [refs["late"]]
    assert view.meeting.chair == "Chair"  # the chair's name once, not "Chair, Chair"


def _assess(
    engine: Engine, case_id: int, level: str, at: datetime, standing: str = "decision"
) -> None:
    with Session(engine) as session:
        session.add(
            RiskAssessment(
                case_id=case_id,
                checklist_name="test",
                checklist_version=1,
                score=0,
                actuarial_level=level,
                level=level,
                assessed_at=at,
                standing=standing,
            )
        )
        session.commit()


def test_minutes_review_each_cases_risk_in_the_panels_words(
    client: TestClient, world: World, engine: Engine, settings: Settings
) -> None:
    meeting, cases = held_meeting_with_cases(
        client, world, engine, {"risk": "high"}, {"risk": "high"}
    )
    fell, unassessed = cases
    for case in cases:
        body = actions_agreed(world, "police")
        assert put_minutes(client, world, meeting["id"], case.id, body).is_success
    with Session(engine) as session:
        row = session.exec(select(Meeting).where(Meeting.id == meeting["id"])).one()
        ended = row.starts_at + timedelta(minutes=row.duration_minutes)
    _assess(engine, fell.id, "high", ended - timedelta(days=20))
    _assess(engine, fell.id, "medium", ended - timedelta(minutes=30))
    _assess(engine, fell.id, "standard", ended + timedelta(minutes=30))  # after the meeting
    _assess(engine, fell.id, "high", ended - timedelta(minutes=10), standing="agency_view")
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.id == fell.id)).one()
        case.risk_level = "standard"
        session.add(case)
        session.commit()
        row = session.exec(select(Meeting).where(Meeting.id == meeting["id"])).one()
        minutes = session.exec(select(Minutes).where(Minutes.meeting_id == row.id)).one()
        view = minutes_document(session, row, rules_for(session, row, settings), minutes)
    reviews = {c.case_ref: c.risk_review for c in view.cases}
    fell_review, unassessed_review = reviews[fell.reference], reviews[unassessed.reference]
    assert fell_review is not None and unassessed_review is not None
    assert (fell_review.at_referral, fell_review.at_hearing, fell_review.now) == (
        "high",
        "medium",
        "standard",
    )
    assert fell_review.panel_view == (
        "The risk fell from High at referral to Standard now. "
        "The panel agreed actions to bring the risk down."
    )
    assert (unassessed_review.at_referral, unassessed_review.at_hearing) == (None, None)
    assert unassessed_review.panel_view.startswith("No level was recorded at referral")
    assert "_" not in fell_review.panel_view + unassessed_review.panel_view


def test_movement_says_whether_the_risk_fell() -> None:
    assert movement("high", "medium") == "The risk fell from High at referral to Medium now."
    assert movement("standard", "high") == "The risk rose from Standard at referral to High now."
    assert movement("medium", "medium") == "The risk is Medium, as it was at referral."
