"""Agenda proposal and saving: DOMAIN order, cut-off, and listing through the workflow."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import AuditEvent, Case, CaseHistory
from tests.fixtures import World
from tests.meetings.factories import create_meeting, hold_meeting, make_action, make_case

API = "/api/v1/meetings"


def _proposal(client: TestClient, world: World, meeting_id: int) -> dict:
    r = client.get(f"{API}/{meeting_id}/agenda/proposal", headers=world.headers("coordinator"))
    assert r.status_code == 200, r.text
    return r.json()


def test_proposal_orders_children_first_then_risk_then_oldest_referral(
    client: TestClient, world: World, engine: Engine
) -> None:
    adult_high_new = make_case(engine, world, risk="high", referred_days_ago=20)
    adult_high_old = make_case(engine, world, risk="high", referred_days_ago=40)
    adult_standard = make_case(engine, world, risk="standard", referred_days_ago=60)
    child_medium = make_case(engine, world, risk="medium", children=True, referred_days_ago=15)
    child_high = make_case(engine, world, risk="high", children=True, referred_days_ago=12)
    repeat = make_case(engine, world, risk="medium", route="repeat", referred_days_ago=25)
    meeting = create_meeting(client, world, days_ahead=5)
    proposal = _proposal(client, world, meeting["id"])
    order = [i["case_id"] for i in proposal["items"]]
    assert order == [
        child_high.id,
        child_medium.id,
        adult_high_old.id,
        adult_high_new.id,
        repeat.id,
        adult_standard.id,
    ]
    sections = {i["case_id"]: i["section"] for i in proposal["items"]}
    assert sections[repeat.id] == "repeat_case"
    assert sections[adult_standard.id] == "new_case"
    assert proposal["expected_length_minutes"] == 10 + 6 * 15
    assert proposal["overruns"] is False
    titles = " ".join(i["title"] for i in proposal["items"])
    assert adult_high_new.family_name not in titles


def test_cases_referred_after_the_cutoff_go_to_the_next_meeting(
    client: TestClient, world: World, engine: Engine
) -> None:
    on_time = make_case(engine, world, referred_days_ago=20)
    late = make_case(engine, world, referred_days_ago=2)
    meeting = create_meeting(client, world, days_ahead=5)
    proposal = _proposal(client, world, meeting["id"])
    assert [i["case_id"] for i in proposal["items"]] == [on_time.id]
    assert [d["case_id"] for d in proposal["deferred"]] == [late.id]
    assert "next meeting" in proposal["deferred"][0]["reason"]
    items = [
        {"section": "new_case", "case_id": on_time.id, "position": 1},
        {"section": "new_case", "case_id": late.id, "position": 2},
    ]
    h = world.headers("coordinator", **{"If-Match": meeting["etag"]})
    r = client.put(f"{API}/{meeting['id']}/agenda", json={"items": items}, headers=h)
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "items.1.case_id"
    assert "cut-off" in r.json()["errors"][0]["message"]
    next_meeting = create_meeting(client, world, days_ahead=30)
    assert [i["case_id"] for i in _proposal(client, world, next_meeting["id"])["items"]] == [
        on_time.id,
        late.id,
    ]


def test_reviews_notices_and_unfinished_actions_are_proposed(
    client: TestClient, world: World, engine: Engine
) -> None:
    last = create_meeting(client, world, days_ahead=1)
    hold_meeting(engine, last["id"], hours_ago=24 * 50)
    reviewed = make_case(engine, world, state="actions_open", last_heard_days_ago=50)
    make_action(
        engine, world, case_id=reviewed.id, meeting_id=last["id"], agency="housing", due_in_days=2
    )
    too_soon = make_case(engine, world, state="actions_open", last_heard_days_ago=10)
    make_action(
        engine, world, case_id=too_soon.id, meeting_id=last["id"], agency="police", due_in_days=60
    )
    old = make_case(engine, world, state="monitoring", last_heard_days_ago=400)
    meeting = create_meeting(client, world, days_ahead=5)
    proposal = _proposal(client, world, meeting["id"])
    by_section = [(i["section"], i["case_id"]) for i in proposal["items"]]
    assert by_section == [
        ("unfinished_actions", None),
        ("review", reviewed.id),
        ("twelve_month_notice", old.id),
    ]
    assert proposal["items"][0]["title"].endswith("(2)")


def test_saving_lists_cases_through_the_workflow_in_canonical_order(
    client: TestClient, world: World, engine: Engine
) -> None:
    adult = make_case(engine, world, risk="high")
    child = make_case(engine, world, risk="standard", children=True)
    meeting = create_meeting(client, world, days_ahead=5)
    items = [
        {
            "section": "any_other_business",
            "position": 1,
            "title": "Venue for March",
            "slot_minutes": 5,
        },
        {"section": "new_case", "case_id": adult.id, "position": 2, "slot_minutes": 20},
        {"section": "new_case", "case_id": child.id, "position": 3},
    ]
    path = f"{API}/{meeting['id']}/agenda"
    assert (
        client.put(path, json={"items": items}, headers=world.headers("coordinator")).status_code
        == 428
    )
    stale = world.headers("coordinator", **{"If-Match": f'"meeting-{meeting["id"]}-v7"'})
    assert client.put(path, json={"items": items}, headers=stale).status_code == 412
    assert (
        client.put(
            path,
            json={"items": items},
            headers=world.headers("chair", **{"If-Match": meeting["etag"]}),
        ).status_code
        == 403
    )
    h = world.headers("coordinator", **{"If-Match": meeting["etag"]})
    r = client.put(path, json={"items": items}, headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [i["case_id"] for i in body["items"]] == [child.id, adult.id, None]
    assert [i["position"] for i in body["items"]] == [1, 2, 3]
    assert body["expected_length_minutes"] == 10 + 15 + 20 + 5
    assert sorted(body["listed_case_ids"]) == sorted([adult.id, child.id])
    assert r.headers["etag"] == f'"meeting-{meeting["id"]}-v2"'
    with Session(engine) as session:
        states = {c.id: c.state for c in session.exec(select(Case)).all()}
        history = session.exec(
            select(CaseHistory).where(CaseHistory.trigger == "list_for_meeting")
        ).all()
        audit = session.exec(
            select(AuditEvent).where(AuditEvent.subject_type == "meeting_agenda")
        ).all()
    assert states[adult.id] == states[child.id] == "listed"
    assert sorted(h.case_id for h in history) == sorted([adult.id, child.id])
    assert all(h.from_state == "accepted" and h.to_state == "listed" for h in history)
    assert audit and audit[-1].action == "alteration"
    # saving again keeps them listed without firing again
    h2 = world.headers("coordinator", **{"If-Match": r.headers["etag"]})
    r2 = client.put(path, json={"items": items}, headers=h2)
    assert r2.status_code == 200
    assert r2.json()["listed_case_ids"] == []
    got = client.get(path, headers=world.headers("police_officer"))
    assert got.status_code == 200
    assert [i["case_id"] for i in got.json()["items"]] == [child.id, adult.id, None]


def test_invalid_agenda_items_are_refused(client: TestClient, world: World, engine: Engine) -> None:
    case = make_case(engine, world)
    closed = make_case(engine, world, state="closed")
    meeting = create_meeting(client, world)
    path = f"{API}/{meeting['id']}/agenda"
    h = world.headers("coordinator", **{"If-Match": meeting["etag"]})
    bad = [
        [{"section": "new_case", "position": 1}],
        [{"section": "any_other_business", "position": 1}],
        [{"section": "new_case", "case_id": closed.id, "position": 1}],
        [{"section": "review", "case_id": case.id, "position": 1}],
        [
            {"section": "new_case", "case_id": case.id, "position": 1},
            {"section": "repeat_case", "case_id": case.id, "position": 2},
        ],
        [{"section": "new_case", "case_id": 999999, "position": 1}],
        [{"section": "new_case", "case_id": case.id, "position": 1, "colour": "red"}],
    ]
    for items in bad:
        r = client.put(path, json={"items": items}, headers=h)
        assert r.status_code == 422, (items, r.text)
    with Session(engine) as session:
        assert (
            session.exec(
                select(CaseHistory).where(col(CaseHistory.trigger) == "list_for_meeting")
            ).all()
            == []
        )
