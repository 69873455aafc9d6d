"""Agency-facing action endpoints: who sees what, ETags, progress rules, reopening."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from riskpanel.config import Settings
from riskpanel.models import ActionUpdate, AuditEvent, IdempotencyRecord
from tests.actions.factories import (
    MadeAction,
    expire_key,
    make_action,
    make_case,
    update_agency,
)
from tests.factories import refresh_view
from tests.fixtures import World

API = "/api/v1/actions"


@pytest.fixture
def police_action(engine: Engine, world: World, settings: Settings) -> MadeAction:
    case = make_case(engine, world)
    return make_action(engine, world, settings, case_id=case.id)


def post_update(
    client: TestClient, world: World, actor: str, action_id: int, body: dict, **headers: str
):
    return client.post(
        f"{API}/{action_id}/updates", json=body, headers=world.headers(actor, **headers)
    )


def count(session: Session, model: type, *where: Any) -> int:
    refresh_view(session)
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_an_agency_lists_only_its_own_actions(
    client: TestClient, engine: Engine, world: World, settings: Settings
) -> None:
    case = make_case(engine, world)
    mine = make_action(engine, world, settings, case_id=case.id, agency="police")
    theirs = make_action(engine, world, settings, case_id=case.id, agency="housing")
    for actor in ("police_system", "police_officer"):
        r = client.get(API, headers=world.headers(actor))
        assert r.status_code == 200, r.text
        assert [a["id"] for a in r.json()["items"]] == [mine.id]
        assert r.json()["items"][0]["case_reference"] == case.reference
        assert "agency_name" not in r.json()["items"][0]
    r = client.get(API, headers=world.headers("housing_system"))
    assert [a["id"] for a in r.json()["items"]] == [theirs.id]
    assert client.get(API, headers=world.headers("outsider_system")).json()["items"] == []


def test_panel_roles_list_the_panel_with_an_agency_filter(
    client: TestClient, engine: Engine, world: World, settings: Settings
) -> None:
    case = make_case(engine, world)
    police = make_action(engine, world, settings, case_id=case.id, agency="police")
    housing = make_action(engine, world, settings, case_id=case.id, agency="housing")
    for actor in ("coordinator", "chair"):
        r = client.get(API, headers=world.headers(actor))
        assert {a["id"] for a in r.json()["items"]} == {police.id, housing.id}
    r = client.get(
        API,
        params={"agency_id": world.agencies["housing"].id},
        headers=world.headers("coordinator"),
    )
    assert [(a["id"], a["agency_name"]) for a in r.json()["items"]] == [
        (housing.id, "Test Housing")
    ]
    for actor in ("scrutiny", "auditor", "admin"):
        assert client.get(API, headers=world.headers(actor)).status_code == 403


def test_list_filters_and_cursor(
    client: TestClient, engine: Engine, world: World, settings: Settings
) -> None:
    case, other = make_case(engine, world), make_case(engine, world)
    soon = make_action(
        engine, world, settings, case_id=case.id, due_on=date.today() + timedelta(days=2)
    )
    later = make_action(
        engine, world, settings, case_id=case.id, due_on=date.today() + timedelta(days=40)
    )
    elsewhere = make_action(engine, world, settings, case_id=other.id)
    h = world.headers("police_system")
    r = post_update(
        client,
        world,
        "police_system",
        later.id,
        {"progress": "completed", "outcome": "Locks fitted."},
        **{"If-Match": later.etag},
    )
    assert r.status_code == 201, r.text

    def ids(**params: Any) -> list[int]:
        resp = client.get(API, params=params, headers=h)
        assert resp.status_code == 200, resp.text
        return [a["id"] for a in resp.json()["items"]]

    assert ids(status="open") == [soon.id, elsewhere.id]
    assert ids(status="closed") == [later.id]
    assert ids(progress=["completed", "acknowledged"]) == [later.id]
    assert ids(due_before=(date.today() + timedelta(days=3)).isoformat()) == [soon.id]
    assert ids(case_id=other.id) == [elsewhere.id]
    assert ids(overdue="true") == []
    assert ids(overdue="false", status="open") == [soon.id, elsewhere.id]
    # an agency naming another agency still sees only its own actions
    make_action(engine, world, settings, case_id=case.id, agency="housing")
    assert ids(agency_id=world.agencies["housing"].id) == []
    assert ids(agency_id=world.agencies["police"].id) == [soon.id, later.id, elsewhere.id]
    first = client.get(API, params={"limit": 2}, headers=h).json()
    assert [a["id"] for a in first["items"]] == [soon.id, later.id]
    second = client.get(API, params={"limit": 2, "cursor": first["next_cursor"]}, headers=h)
    assert [a["id"] for a in second.json()["items"]] == [elsewhere.id]
    assert second.json()["next_cursor"] is None
    assert client.get(API, params={"cursor": "nonsense!"}, headers=h).status_code == 422
    assert client.get(API, params={"status": "whatever"}, headers=h).status_code == 422


def test_read_gives_history_and_etag_and_hides_other_agencies(
    client: TestClient, world: World, police_action: MadeAction, session: Session
) -> None:
    r = client.get(f"{API}/{police_action.id}", headers=world.headers("police_system"))
    assert r.status_code == 200, r.text
    assert r.headers["etag"] == police_action.etag == r.json()["etag"]
    assert r.json()["reference"] == police_action.reference
    assert r.json()["reference"].startswith(f"A-{date.today().year}-")
    assert r.json()["history"] == [] and r.json()["progress"] == "open"
    reads_before = count(session, AuditEvent, AuditEvent.subject_type == "action")
    for actor in ("housing_system", "housing_officer", "outsider_system", "outsider_officer"):
        r = client.get(f"{API}/{police_action.id}", headers=world.headers(actor))
        assert r.status_code == 404, actor
        assert r.headers["content-type"] == "application/problem+json"
    assert client.get(f"{API}/999999", headers=world.headers("police_system")).status_code == 404
    assert count(session, AuditEvent, AuditEvent.subject_type == "action") == reads_before
    r = client.get(f"{API}/{police_action.id}", headers=world.headers("coordinator"))
    assert r.status_code == 200 and r.json()["agency_name"] == "Test Police"


def test_progress_needs_if_match_and_a_fresh_etag(
    client: TestClient, world: World, police_action: MadeAction, session: Session
) -> None:
    body = {"progress": "acknowledged", "note": "Allocated to PC on the ward."}
    r = post_update(client, world, "police_system", police_action.id, body)
    assert r.status_code == 428
    r = post_update(
        client, world, "police_system", police_action.id, body, **{"If-Match": '"action-1-v9"'}
    )
    assert r.status_code == 412
    ok = post_update(
        client, world, "police_system", police_action.id, body, **{"If-Match": police_action.etag}
    )
    assert ok.status_code == 201, ok.text
    assert ok.headers["etag"] != police_action.etag
    assert ok.json()["progress"] == "acknowledged"
    assert [(e["event"], e["by"], e["note"]) for e in ok.json()["history"]] == [
        ("acknowledged", "agency", "Allocated to PC on the ward.")
    ]
    stale = post_update(
        client,
        world,
        "police_system",
        police_action.id,
        {"progress": "in_progress"},
        **{"If-Match": police_action.etag},
    )
    assert stale.status_code == 412
    assert stale.json()["current_etag"] == ok.headers["etag"]
    assert count(session, ActionUpdate, ActionUpdate.action_id == police_action.id) == 1
    events = session.exec(
        select(AuditEvent).where(
            AuditEvent.subject_type == "action", AuditEvent.action == "alteration"
        )
    ).all()
    assert [e.fields for e in events] == [["note", "progress"]]


def test_another_agencys_action_is_404_with_no_side_effect(
    client: TestClient, world: World, police_action: MadeAction, session: Session
) -> None:
    audit_before = count(session, AuditEvent)
    body = {"progress": "completed", "outcome": "Done."}
    for actor in ("housing_system", "outsider_system", "housing_officer"):
        for headers in ({"If-Match": police_action.etag}, {}, {"Idempotency-Key": "k-1"}):
            r = post_update(client, world, actor, police_action.id, body, **headers)
            assert r.status_code == 404, (actor, headers, r.text)
    assert count(session, ActionUpdate) == 0
    assert count(session, IdempotencyRecord) == 0
    assert count(session, AuditEvent) == audit_before
    r = client.get(f"{API}/{police_action.id}", headers=world.headers("police_system"))
    assert r.json()["progress"] == "open"


def test_panel_roles_and_others_cannot_post_progress(
    client: TestClient, world: World, police_action: MadeAction
) -> None:
    body = {"progress": "acknowledged"}
    for actor in ("coordinator", "chair", "scrutiny", "admin"):
        r = post_update(client, world, actor, police_action.id, body, **{"If-Match": "x"})
        assert r.status_code == 403, actor


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"progress": "completed"}, "outcome"),
        ({"progress": "not_possible"}, "reason"),
        ({"progress": "in_progress", "outcome": "x"}, "outcome"),
        ({"progress": "open"}, "progress"),
        ({"progress": "acknowledged", "colour": "red"}, "colour"),
    ],
)
def test_progress_input_is_validated(
    client: TestClient, world: World, police_action: MadeAction, body: dict, field: str
) -> None:
    r = post_update(
        client, world, "police_system", police_action.id, body, **{"If-Match": police_action.etag}
    )
    assert r.status_code == 422
    assert field in r.text


def test_a_completed_action_cannot_be_reopened_by_the_agency(
    client: TestClient, world: World, police_action: MadeAction
) -> None:
    done = post_update(
        client,
        world,
        "police_system",
        police_action.id,
        {"progress": "completed", "outcome": "Target hardening fitted."},
        **{"If-Match": police_action.etag},
    )
    assert done.status_code == 201 and done.json()["outcome"] == "Target hardening fitted."
    tag = done.headers["etag"]
    for body in ({"progress": "in_progress"}, {"progress": "completed", "outcome": "Again"}):
        r = post_update(
            client, world, "police_officer", police_action.id, body, **{"If-Match": tag}
        )
        assert r.status_code == 409, r.text
    r = client.post(
        f"{API}/{police_action.id}/reopen",
        json={"reason": "The victim reports the lock is broken."},
        headers=world.headers("police_system", **{"If-Match": tag}),
    )
    assert r.status_code == 403


def test_progress_does_not_go_backwards(
    client: TestClient, world: World, police_action: MadeAction
) -> None:
    r = post_update(
        client,
        world,
        "police_system",
        police_action.id,
        {"progress": "in_progress"},
        **{"If-Match": police_action.etag},
    )
    back = post_update(
        client,
        world,
        "police_system",
        police_action.id,
        {"progress": "acknowledged"},
        **{"If-Match": r.headers["etag"]},
    )
    assert back.status_code == 409
    again = post_update(
        client,
        world,
        "police_system",
        police_action.id,
        {"progress": "in_progress", "note": "Visit booked."},
        **{"If-Match": r.headers["etag"]},
    )
    assert again.status_code == 201


def test_the_coordinator_reopens_a_completed_action(
    client: TestClient, world: World, police_action: MadeAction
) -> None:
    done = post_update(
        client,
        world,
        "police_system",
        police_action.id,
        {"progress": "not_possible", "reason": "The victim moved out of the area."},
        **{"If-Match": police_action.etag},
    )
    assert done.json()["outcome"] == "The victim moved out of the area."
    url = f"{API}/{police_action.id}/reopen"
    body = {"reason": "The victim has moved back."}
    assert client.post(url, json=body, headers=world.headers("coordinator")).status_code == 428
    assert client.post(url, json=body, headers=world.headers("chair")).status_code == 403
    r = client.post(
        url, json=body, headers=world.headers("coordinator", **{"If-Match": done.headers["etag"]})
    )
    assert r.status_code == 200, r.text
    assert r.json()["progress"] == "open" and r.json()["outcome"] is None
    assert [(e["event"], e["by"]) for e in r.json()["history"]] == [
        ("not_possible", "agency"),
        ("reopened", "panel"),
    ]
    again = client.post(
        url, json=body, headers=world.headers("coordinator", **{"If-Match": r.headers["etag"]})
    )
    assert again.status_code == 409
    ack = post_update(
        client,
        world,
        "police_system",
        police_action.id,
        {"progress": "acknowledged"},
        **{"If-Match": r.headers["etag"]},
    )
    assert ack.status_code == 201


def test_another_panels_coordinator_cannot_reopen(
    client: TestClient, engine: Engine, world: World, police_action: MadeAction
) -> None:
    from riskpanel.models import User

    with Session(engine) as s:
        user = s.get(User, world.users["coordinator"].id)
        assert user is not None
        user.panel_id = None
        s.add(user)
        s.commit()
    r = client.post(
        f"{API}/{police_action.id}/reopen",
        json={"reason": "Because."},
        headers=world.headers("coordinator", **{"If-Match": police_action.etag}),
    )
    assert r.status_code == 404


def test_no_disclosure_without_a_sharing_agreement_in_force(
    client: TestClient, engine: Engine, world: World, police_action: MadeAction
) -> None:
    update_agency(engine, world, "police", isa_expires_on=date.today() - timedelta(days=1))
    h = world.headers("police_system")
    assert client.get(API, headers=h).json()["items"] == []
    assert client.get(f"{API}/{police_action.id}", headers=h).status_code == 404
    r = post_update(
        client,
        world,
        "police_system",
        police_action.id,
        {"progress": "acknowledged"},
        **{"If-Match": police_action.etag},
    )
    assert r.status_code == 404


@pytest.mark.parametrize("revoke", [True, False])
def test_a_revoked_or_expired_key_is_refused(
    client: TestClient, engine: Engine, world: World, police_action: MadeAction, revoke: bool
) -> None:
    expire_key(engine, world, "police_system", revoke=revoke)
    h = world.headers("police_system")
    assert client.get(API, headers=h).status_code == 401
    assert client.get(f"{API}/{police_action.id}", headers=h).status_code == 401
    r = post_update(
        client,
        world,
        "police_system",
        police_action.id,
        {"progress": "acknowledged"},
        **{"If-Match": police_action.etag},
    )
    assert r.status_code == 401
    assert client.get(API, headers=world.headers("police_officer")).status_code == 200


def test_reads_and_lists_are_audited(
    client: TestClient, world: World, police_action: MadeAction, session: Session
) -> None:
    client.get(API, headers=world.headers("police_system"))
    client.get(f"{API}/{police_action.id}", headers=world.headers("police_system"))
    refresh_view(session)
    events = session.exec(
        select(AuditEvent).where(AuditEvent.action == "consultation").order_by(AuditEvent.id)
    ).all()
    assert [(e.subject_type, e.actor_role) for e in events][-2:] == [
        ("action_list", "agency_client"),
        ("action", "agency_client"),
    ]
    assert events[-1].case_id == police_action.case_id
