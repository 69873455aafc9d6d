"""Minutes per case drive the workflow; approval locks them; corrections are new versions."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import Action, Case, CaseHistory
from tests.fixtures import World
from tests.meetings.factories import create_meeting, hold_meeting, make_case
from tests.meetings.flow import (
    API,
    actions_agreed,
    agenda_from_proposal,
    held_meeting_with_cases,
    minutes_etag,
    put_minutes,
    record_attendance,
)


def _triggers(engine: Engine, case_id: int) -> list[str]:
    with Session(engine) as session:
        rows = session.exec(
            select(CaseHistory).where(CaseHistory.case_id == case_id).order_by(col(CaseHistory.id))
        ).all()
    return [h.trigger for h in rows]


def _state(engine: Engine, case_id: int) -> str:
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.state


def test_decisions_move_cases_through_the_workflow(
    client: TestClient, world: World, engine: Engine
) -> None:
    meeting, (adult, child) = held_meeting_with_cases(
        client, world, engine, {"risk": "high"}, {"children": True}
    )
    mid = meeting["id"]
    r = put_minutes(client, world, mid, adult.id, actions_agreed(world, "police", "housing"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["case_state"] == "actions_open"
    assert [i["kind"] for i in body["information"]] == ["fact", "opinion"]
    assert sorted(a["agency_id"] for a in body["actions"]) == sorted(
        [world.agencies["police"].id, world.agencies["housing"].id]
    )
    assert _triggers(engine, adult.id) == ["list_for_meeting", "hear", "agree_actions"]

    no_reason = {"decision": "close_no_action"}
    assert put_minutes(client, world, mid, child.id, no_reason).status_code == 422
    r = put_minutes(
        client,
        world,
        mid,
        child.id,
        {"decision": "close_no_action", "decision_notes": "Family moved out of the area."},
        actor="chair",
    )
    assert r.status_code == 200, r.text
    assert _state(engine, child.id) == "closed"
    assert _triggers(engine, child.id)[-2:] == ["hear", "close_no_action"]

    # saving the same minutes again adds nothing; changing the decision is refused
    again = put_minutes(client, world, mid, adult.id, actions_agreed(world, "police", "housing"))
    assert again.status_code == 200
    assert len(again.json()["actions"]) == 2
    changed = put_minutes(
        client, world, mid, adult.id, {"decision": "close_no_action", "decision_notes": "x"}
    )
    assert changed.status_code == 409
    with Session(engine) as session:
        assert len(session.exec(select(Action)).all()) == 2


def test_minutes_need_if_match_the_meeting_day_and_the_agenda(
    client: TestClient, world: World, engine: Engine
) -> None:
    case = make_case(engine, world)
    other = make_case(engine, world, referred_days_ago=1)  # after the cut-off: not listed
    meeting = create_meeting(client, world, days_ahead=3)
    agenda_from_proposal(client, world, meeting)
    mid = meeting["id"]
    body = actions_agreed(world, "police")
    early = put_minutes(client, world, mid, case.id, body)
    assert early.status_code == 409
    assert "from its start" in early.json()["detail"]
    hold_meeting(engine, mid)
    r = client.put(
        f"{API}/{mid}/minutes/cases/{case.id}", json=body, headers=world.headers("coordinator")
    )
    assert r.status_code == 428
    assert put_minutes(client, world, mid, case.id, body, etag='"minutes-1-v99"').status_code == 412
    assert put_minutes(client, world, mid, other.id, body).status_code == 404
    assert put_minutes(client, world, mid, case.id, body, actor="police_officer").status_code == 403
    unknown = dict(body, actions=[{**body["actions"][0], "agency_id": 99999}])
    assert put_minutes(client, world, mid, case.id, unknown).status_code == 422
    assert _state(engine, case.id) == "listed"


def test_approval_locks_and_corrections_make_a_new_version(
    client: TestClient, world: World, engine: Engine
) -> None:
    meeting, (a, b) = held_meeting_with_cases(client, world, engine, {}, {})
    mid = meeting["id"]
    assert put_minutes(client, world, mid, a.id, actions_agreed(world, "police")).is_success
    tag = minutes_etag(client, world, mid)
    approve = f"{API}/{mid}/minutes/approve"
    incomplete = client.post(approve, headers=world.headers("chair", **{"If-Match": tag}))
    assert incomplete.status_code == 409
    assert b.reference in incomplete.json()["detail"]
    adjourn = {"decision": "adjourned", "decision_notes": "Police research not back."}
    assert put_minutes(client, world, mid, b.id, adjourn).is_success
    tag = minutes_etag(client, world, mid)
    assert (
        client.post(approve, headers=world.headers("coordinator", **{"If-Match": tag})).status_code
        == 403
    )
    assert client.post(approve, headers=world.headers("chair")).status_code == 428
    r = client.post(approve, headers=world.headers("chair", **{"If-Match": tag}))
    assert r.status_code == 200, r.text
    v1 = r.json()
    assert v1["status"] == "approved" and v1["version"] == 1
    assert v1["approved_by_user_id"] == world.users["chair"].id
    approved_tag = r.headers["etag"]

    locked = put_minutes(
        client, world, mid, a.id, actions_agreed(world, "police"), etag=approved_tag
    )
    assert locked.status_code == 409
    assert "locked" in locked.json()["detail"]
    meeting_tag = client.get(f"{API}/{mid}", headers=world.headers("coordinator")).headers["etag"]
    attendance = client.put(
        f"{API}/{mid}/attendance",
        json={"attendees": []},
        headers=world.headers("coordinator", **{"If-Match": meeting_tag}),
    )
    assert attendance.status_code == 409
    agenda = client.put(
        f"{API}/{mid}/agenda",
        json={"items": []},
        headers=world.headers("coordinator", **{"If-Match": meeting_tag}),
    )
    assert agenda.status_code == 409

    corrections = f"{API}/{mid}/minutes/corrections"
    reason = {"reason": "Housing's information was minuted as fact; it is opinion."}
    assert (
        client.post(
            corrections, json=reason, headers=world.headers("chair", **{"If-Match": approved_tag})
        ).status_code
        == 403
    )
    assert (
        client.post(corrections, json=reason, headers=world.headers("coordinator")).status_code
        == 428
    )
    r = client.post(
        corrections, json=reason, headers=world.headers("coordinator", **{"If-Match": approved_tag})
    )
    assert r.status_code == 201, r.text
    v2 = r.json()
    assert (v2["version"], v2["status"]) == (2, "draft")
    assert v2["correction_reason"].startswith("Housing")
    assert [c["case_id"] for c in v2["cases"]] == [c["case_id"] for c in v1["cases"]]
    assert [v["version"] for v in v2["versions"]] == [1, 2]
    stale = put_minutes(
        client, world, mid, a.id, actions_agreed(world, "police"), etag=approved_tag
    )
    assert stale.status_code == 412
    corrected = actions_agreed(world, "police")
    corrected["information"][1]["kind"] = "opinion"
    corrected["information"][0]["text"] = "Corrected: two reported incidents since June."
    assert put_minutes(client, world, mid, a.id, corrected, etag=r.headers["etag"]).is_success
    old = client.get(f"{API}/{mid}/minutes?version=1", headers=world.headers("chair")).json()
    assert old == {**v1, "versions": old["versions"]}
    assert old["cases"][0]["information"][0]["text"].startswith("Three reported")
    new = client.get(f"{API}/{mid}/minutes", headers=world.headers("chair")).json()
    assert new["cases"][0]["information"][0]["text"].startswith("Corrected")
    assert (
        client.get(f"{API}/{mid}/minutes?version=9", headers=world.headers("chair")).status_code
        == 404
    )


def test_review_marks_every_unfinished_action(
    client: TestClient, world: World, engine: Engine
) -> None:
    first, (case,) = held_meeting_with_cases(client, world, engine, {}, hours_ago=24 * 20)
    body = actions_agreed(world, "police", "housing", days=1)
    assert put_minutes(client, world, first["id"], case.id, body).is_success
    with Session(engine) as session:
        actions = session.exec(select(Action).order_by(col(Action.id))).all()
        police, housing = actions[0].id, actions[1].id
    second = create_meeting(client, world, days_ahead=3)
    agenda = agenda_from_proposal(client, world, second)
    assert [(i["section"], i["case_id"]) for i in agenda["items"]] == [
        ("unfinished_actions", None),
        ("review", case.id),
    ]
    hold_meeting(engine, second["id"])
    record_attendance(client, world, second["id"])
    partial = {
        "decision": "move_to_monitoring",
        "reviews": [{"action_id": police, "outcome": "completed"}],
    }
    r = put_minutes(client, world, second["id"], case.id, partial)
    assert r.status_code == 422
    assert "every unfinished action" in r.json()["detail"]
    assert _state(engine, case.id) == "actions_open"
    full = {
        "decision": "move_to_monitoring",
        "information": [
            {
                "agency_id": world.agencies["housing"].id,
                "kind": "withheld",
                "text": "Tenancy file held under a legal privilege claim.",
            }
        ],
        "reviews": [
            {"action_id": police, "outcome": "completed"},
            {"action_id": housing, "outcome": "not_done_by_agency", "note": "No staff."},
        ],
    }
    r = put_minutes(client, world, second["id"], case.id, full)
    assert r.status_code == 200, r.text
    assert r.json()["case_state"] == "monitoring"
    assert sorted(a["review_outcome"] for a in r.json()["reviewed"]) == [
        "completed",
        "not_done_by_agency",
    ]
    assert _triggers(engine, case.id)[-2:] == ["start_review", "move_to_monitoring"]
    with Session(engine) as session:
        reviewed = session.exec(select(Action).where(col(Action.id).in_([police, housing]))).all()
    assert {a.reviewed_meeting_id for a in reviewed} == {second["id"]}
    assert date.today() - timedelta(days=1) <= reviewed[0].due_on
