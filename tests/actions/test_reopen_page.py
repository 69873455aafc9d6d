"""The coordinator sends a finished action back to its agency on the web: the reason, a
check-answers page, then the change (with its history) and a confirmation."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from riskpanel.models import Action
from tests.fixtures import World
from tests.meetings.factories import create_meeting, make_action, make_case
from tests.web.helpers import Browser, hidden, text


def test_the_coordinator_reopens_a_completed_action(
    browser: type[Browser], client: TestClient, world: World, engine: Engine
) -> None:
    case = make_case(engine, world, state="actions_open")
    meeting = create_meeting(client, world)
    action_id = make_action(
        engine, world, case_id=case.id, meeting_id=meeting["id"], agency="housing", due_in_days=7
    )
    with Session(engine) as session:
        action = session.get(Action, action_id)
        assert action is not None
        action.progress, action.outcome = "completed", "Camera fitted."
        session.add(action)
        session.commit()
    coordinator = browser("coordinator")
    page = coordinator.get(f"/actions/{action_id}")
    assert "Send it back to the agency" in text(page.text)
    path = f"/actions/{action_id}/reopen"
    r = coordinator.post(path, {"if_match": hidden(page.text, "if_match"), "reason": ""})
    assert r.status_code == 422 and 'href="#f-reason"' in r.text
    reason = "The camera was fitted at the wrong address."
    check = coordinator.post(path, {"if_match": hidden(page.text, "if_match"), "reason": reason})
    assert check.status_code == 200 and "Check before you reopen" in text(check.text)
    with Session(engine) as session:
        assert session.get(Action, action_id).progress == "completed"  # nothing changed yet
    assert (
        browser("housing_officer")
        .post(
            path, {"if_match": hidden(check.text, "if_match"), "reason": reason, "confirm": "yes"}
        )
        .status_code
        == 403
    )
    r = coordinator.post(
        path, {"if_match": hidden(check.text, "if_match"), "reason": reason, "confirm": "yes"}
    )
    assert r.status_code == 303, text(r.text)
    done = text(coordinator.get(r.headers["location"]).text)
    assert "Action reopened" in done and reason in done
    with Session(engine) as session:
        assert session.get(Action, action_id).progress == "open"
