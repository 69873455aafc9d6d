"""An agency sees its own actions and cases, posts progress and research, and nothing else."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from riskpanel.models import Action
from tests.fixtures import World
from tests.meetings.factories import create_meeting, make_action, make_case
from tests.web.helpers import Browser, hidden, text


def _setup(client_api, world: World, engine: Engine) -> tuple[object, object, int, int]:  # type: ignore[no-untyped-def]
    ours = make_case(engine, world, state="actions_open", referrer="police")
    theirs = make_case(engine, world, state="actions_open", referrer="housing")
    meeting = create_meeting(client_api, world)
    mine = make_action(
        engine, world, case_id=ours.id, meeting_id=meeting["id"], agency="police", due_in_days=7
    )
    other = make_action(
        engine, world, case_id=theirs.id, meeting_id=meeting["id"], agency="housing", due_in_days=7
    )
    return ours, theirs, mine, other


def test_agency_sees_only_its_own(
    client, browser: type[Browser], world: World, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    ours, theirs, _, other = _setup(client, world, engine)
    with Session(engine) as session:
        secret = session.get(Action, other)
        assert secret is not None
        secret_text = secret.description
    police = browser("police_officer")
    listing = text(police.get("/actions").text)
    assert ours.reference in listing  # type: ignore[attr-defined]
    assert theirs.reference not in listing and secret_text not in listing  # type: ignore[attr-defined]
    cases = text(police.get("/cases").text)
    assert ours.reference in cases and theirs.reference not in cases  # type: ignore[attr-defined]
    for path in (f"/actions/{other}", f"/cases/{theirs.id}", f"/cases/{theirs.id}/research"):  # type: ignore[attr-defined]
        r = police.get(path)
        assert r.status_code == 404, path
        assert theirs.reference not in r.text and theirs.family_name not in r.text  # type: ignore[attr-defined]
    r = police.post(
        f"/actions/{other}/updates",
        {"progress": "completed", "outcome": "x", "if_match": '"action-1-v1"'},
    )
    assert r.status_code == 404
    outsider = browser("outsider_officer")
    assert outsider.get(f"/cases/{ours.id}").status_code == 404  # type: ignore[attr-defined]
    assert "There are no open actions" in text(outsider.get("/actions").text)


def test_agency_updates_an_action_and_sends_research(
    client,
    browser: type[Browser],
    world: World,
    engine: Engine,  # type: ignore[no-untyped-def]
) -> None:
    ours, _, mine, _ = _setup(client, world, engine)
    police = browser("police_officer")
    page = police.get(f"/actions/{mine}")
    assert page.status_code == 200 and "Report progress" in page.text
    r = police.post(
        f"/actions/{mine}/updates",
        {"progress": "completed", "if_match": hidden(page.text, "if_match")},
    )
    assert r.status_code == 422
    assert 'href="#f-outcome"' in r.text and 'id="f-outcome"' in r.text
    r = police.post(
        f"/actions/{mine}/updates",
        {
            "progress": "completed",
            "outcome": "Patrols added.",
            "if_match": hidden(page.text, "if_match"),
        },
    )
    assert r.status_code == 303, text(r.text)
    body = text(police.get(f"/actions/{mine}").text)
    assert "Patrols added." in body and "Progress Completed" in body
    r = police.post(
        f"/cases/{ours.id}/research",
        {"items[0].kind": "fact", "items[0].text": "Two call-outs in May."},
    )  # type: ignore[attr-defined]
    assert r.status_code == 303
    assert "Two call-outs in May." in text(police.get(f"/cases/{ours.id}/research").text)  # type: ignore[attr-defined]
    coordinator = browser("coordinator")
    assert "Patrols added." in text(coordinator.get(f"/actions/{mine}").text)
