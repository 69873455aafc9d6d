"""The research-due timer reminds the invited agencies that have not returned research."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from riskpanel.config import Settings
from riskpanel.models import Notification, Timer, utcnow
from riskpanel.timers.service import arm, tick
from tests.actions.factories import list_at_meeting, make_case, make_meeting, update_agency
from tests.factories import refresh_view
from tests.fixtures import World


@pytest.fixture(autouse=True)
def _quiet_delivery(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setattr("riskpanel.notifications.timers.get_settings", lambda: settings)


def test_agencies_still_owing_research_are_reminded_once(
    client: TestClient, engine: Engine, world: World, session: Session
) -> None:
    for name in ("police", "housing", "victim_support"):
        update_agency(engine, world, name, contact_email=f"{name}@agency.example")
    case = make_case(engine, world, state="listed")
    meeting = make_meeting(engine, world, days_ahead=4)
    list_at_meeting(engine, case_id=case.id, meeting_id=meeting)
    returned = client.post(
        f"/api/v1/cases/{case.id}/research",
        json={"items": [{"kind": "fact", "text": "No trace on police systems."}]},
        headers=world.headers("police_system"),
    )
    assert returned.status_code == 201
    due = utcnow() + timedelta(days=1)
    with Session(engine) as s:
        arm(
            session=s,
            kind="research_due",
            subject_type="case",
            subject_id=case.id,
            due_at=due,
            case_id=case.id,
        )
        s.commit()
    assert tick(engine, now=due + timedelta(minutes=1)).fired["research_due"] == 1
    assert tick(engine, now=due + timedelta(minutes=2)).fired["research_due"] == 0
    refresh_view(session)
    notes = session.exec(select(Notification).where(Notification.kind == "research.due")).all()
    told = {n.agency_id for n in notes}
    assert told == {world.agencies["housing"].id, world.agencies["victim_support"].id}
    assert notes[0].payload["case_reference"] == case.reference
    assert notes[0].payload["path"] == f"/api/v1/cases/{case.id}/research"
    assert set(notes[0].payload) == {"case_reference", "due_on", "meeting_on", "path"}
    timer = session.exec(select(Timer).where(Timer.kind == "research_due")).one()
    assert timer.outcome == "reminded 3 agencies (2 messages)"  # childrens has no channel
