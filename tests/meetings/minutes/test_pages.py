"""The minutes form offers, and accepts, action owners only among the panel's members today."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import Action, PanelMembership
from tests.fixtures import World
from tests.meetings.flow import held_meeting_with_cases
from tests.web.helpers import Browser, hidden
from tests.web.journeys import date_fields


def _end_membership(engine: Engine, world: World, agency: str) -> None:
    with Session(engine) as session:
        row = session.exec(
            select(PanelMembership).where(
                col(PanelMembership.panel_id) == world.panel.id,
                col(PanelMembership.agency_id) == world.agencies[agency].id,
            )
        ).one()
        row.left_on = date.today()
        session.add(row)
        session.commit()


def test_minutes_form_refuses_an_owner_outside_the_panel(
    browser: type[Browser], client: TestClient, world: World, engine: Engine
) -> None:
    meeting, (case,) = held_meeting_with_cases(client, world, engine, {})
    _end_membership(engine, world, "housing")
    coordinator = browser("coordinator")
    path = f"/meetings/{meeting['id']}/minutes/{case.id}"
    form = coordinator.get(path)
    assert form.status_code == 200
    offered = set(re.findall(r'<option value="(\d+)"', form.text))
    assert str(world.agencies["police"].id) in offered
    assert str(world.agencies["housing"].id) not in offered
    assert str(world.agencies["outsider"].id) not in offered
    due = date.today() + timedelta(days=14)
    for agency in ("outsider", "housing"):
        r = coordinator.post(
            path,
            {
                "if_match": hidden(form.text, "if_match"),
                "decision": "actions_agreed",
                "actions[0].agency_id": str(world.agencies[agency].id),
                "actions[0].description": "Visit the family",
                **date_fields("actions[0].due_on", due),
            },
        )
        assert r.status_code == 422
        assert 'href="#f-actions-0-agency-id"' in r.text
    with Session(engine) as session:
        assert session.exec(select(Action)).all() == []
