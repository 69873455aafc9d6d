"""The meeting builder: plan a meeting, build its agenda, record attendance and minutes, and
have the chair approve them, all through the pages."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import Engine

from tests.fixtures import World
from tests.meetings.factories import hold_meeting, make_case
from tests.web.helpers import Browser, hidden, text
from tests.web.journeys import date_fields, plan_meeting


def test_meeting_builder_to_approved_minutes(
    browser: type[Browser], world: World, engine: Engine
) -> None:
    made = make_case(engine, world, state="accepted", referred_days_ago=30)
    coordinator = browser("coordinator")
    meeting_id = plan_meeting(coordinator)
    path = f"/meetings/{meeting_id}"
    page = coordinator.get(path)
    assert made.reference in text(page.text)
    r = coordinator.post(
        f"{path}/agenda", {"op": "use_proposal", "if_match": hidden(page.text, "if_match")}
    )
    assert r.status_code == 303
    page = coordinator.get(path)
    r = coordinator.post(
        f"{path}/agenda",
        {
            "op": "add",
            "section": "any_other_business",
            "title": "Summer fair",
            "slot_minutes": "5",
            "if_match": hidden(page.text, "if_match"),
        },
    )
    assert r.status_code == 303
    page = coordinator.get(path)
    assert "Summer fair" in text(page.text)
    hold_meeting(engine, meeting_id)
    page = coordinator.get(path)
    police, housing = world.agencies["police"].id, world.agencies["housing"].id
    r = coordinator.post(
        f"{path}/attendance",
        {
            "if_match": re.findall(r'name="if_match" value="([^"]+)"', page.text)[0].replace(
                "&#34;", '"'
            ),
            "agency_id": [str(police), str(housing)],
            f"att.{police}.status": "present",
            f"att.{police}.name": "Insp. Lena Hart",
            f"att.{police}.role": "Chair",
            f"att.{police}.signed": "yes",
            f"att.{housing}.status": "apology",
            f"att.{housing}.info": "No tenancy issues.",
        },
    )
    assert r.status_code == 303, text(r.text)
    form = coordinator.get(f"{path}/minutes/{made.id}")
    assert form.status_code == 200
    due = date.today() + timedelta(days=14)
    r = coordinator.post(
        f"{path}/minutes/{made.id}",
        {
            "if_match": hidden(form.text, "if_match"),
            "information[0].agency_id": str(police),
            "information[0].kind": "fact",
            "information[0].text": "Three incidents reported since June.",
            "decision": "actions_agreed",
            "actions[0].agency_id": str(housing),
            "actions[0].description": "Fit door camera",
            **date_fields("actions[0].due_on", due),
        },
    )
    assert r.status_code == 303, text(r.text)
    chair = browser("chair")
    page = chair.get(path)
    assert "Minuted" in text(page.text)
    r = chair.post(
        f"{path}/minutes-approval",
        {"if_match": hidden(page.text.split('id="f-approve"')[1], "if_match")},
    )
    assert r.status_code == 303, text(r.text)
    assert "Approved" in text(chair.get(path).text)
    pdf = coordinator.client.get(f"/api/v1/meetings/{meeting_id}/minutes.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
