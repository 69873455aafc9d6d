"""Firing transitions over HTTP: If-Match, each refusal, history and audit together."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from riskpanel.config import Settings
from riskpanel.models import AuditEvent, Case, CaseHistory
from tests.factories import make_case, refresh_view
from tests.fixtures import World


def _etag(client: TestClient, world: World, case_id: int) -> str:
    r = client.get(f"/api/v1/cases/{case_id}/transitions", headers=world.headers("coordinator"))
    assert r.status_code == 200, r.text
    return r.headers["etag"]


def post(
    client: TestClient,
    world: World,
    case_id: int,
    body: dict,
    etag: str | None,
    actor: str = "coordinator",
):  # type: ignore[no-untyped-def]
    headers = world.headers(actor)
    if etag:
        headers["If-Match"] = etag
    return client.post(f"/api/v1/cases/{case_id}/transitions", json=body, headers=headers)


def test_accept_records_history_and_audit_in_one_go(
    client: TestClient, world: World, session: Session, settings: Settings
) -> None:
    case = make_case(session, world, settings, state="screening")
    etag = _etag(client, world, case.id or 0)
    r = post(
        client, world, case.id or 0, {"trigger": "accept", "fields": {"route": "high_risk"}}, etag
    )
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "accepted"
    assert r.json()["route"] == "high_risk"
    assert r.headers["etag"] != etag
    refresh_view(session)
    history = session.exec(
        select(CaseHistory).where(CaseHistory.case_id == case.id, CaseHistory.trigger == "accept")
    ).all()
    assert len(history) == 1 and history[0].actor_label == "Coordinator"
    audit = session.exec(
        select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "alteration")
    ).all()
    assert [a.detail["trigger"] for a in audit] == ["accept"]


def test_if_match_is_required_and_must_be_current(
    client: TestClient, world: World, session: Session, settings: Settings
) -> None:
    case = make_case(session, world, settings, state="referred")
    body = {"trigger": "start_screening"}
    missing = post(client, world, case.id or 0, body, None)
    assert missing.status_code == 428
    assert missing.headers["content-type"] == "application/problem+json"
    stale = post(client, world, case.id or 0, body, f'"case-{case.id}-v99"')
    assert stale.status_code == 412
    assert (
        post(client, world, case.id or 0, body, _etag(client, world, case.id or 0)).status_code
        == 200
    )


def test_refusals_change_nothing(
    client: TestClient, world: World, session: Session, settings: Settings
) -> None:
    case = make_case(session, world, settings, state="screening", strands_confirmed=False)
    etag = _etag(client, world, case.id or 0)
    cases = [
        ({"trigger": "hear"}, 409, "allowed_triggers"),
        ({"trigger": "fly"}, 422, "trigger"),
        ({"trigger": "reject"}, 422, "reason"),
        ({"trigger": "accept", "fields": {"route": "high_risk"}}, 409, "strands_confirmed"),
        ({"trigger": "accept", "fields": {"route": "community_trigger"}}, 409, "route_evidenced"),
        ({"trigger": "accept", "surprise": 1}, 422, "surprise"),
    ]
    for body, status, marker in cases:
        r = post(client, world, case.id or 0, body, etag)
        assert r.status_code == status, (body, r.text)
        assert marker in r.text
    hear = post(client, world, case.id or 0, {"trigger": "hear"}, etag).json()
    assert hear["allowed_triggers"] == ["request_info", "accept", "reject", "withdraw"]
    refresh_view(session)
    fresh = session.get(Case, case.id)
    assert fresh is not None and fresh.state == "screening" and fresh.row_version == 1
    assert (
        session.exec(
            select(CaseHistory).where(
                CaseHistory.case_id == case.id, col(CaseHistory.trigger) != "open"
            )
        ).all()
        == []
    )


def test_roles_and_visibility(
    client: TestClient, world: World, session: Session, settings: Settings
) -> None:
    case = make_case(session, world, settings, state="screening")
    etag = f'"case-{case.id}-v1"'
    body = {"trigger": "withdraw", "reason": "consent withdrawn"}
    assert post(client, world, case.id or 0, body, etag, "police_officer").status_code == 403
    assert post(client, world, case.id or 0, body, etag, "scrutiny").status_code == 403
    r = client.get(f"/api/v1/cases/{case.id}", headers=world.headers("outsider_system"))
    assert r.status_code == 404 and "reference" not in r.text
    assert (
        client.get(f"/api/v1/cases/{case.id}", headers=world.headers("police_system")).status_code
        == 200
    )
    assert (
        client.get(
            "/api/v1/cases/999999/transitions", headers=world.headers("coordinator")
        ).status_code
        == 404
    )


def test_chair_reconsiders_a_rejection(
    client: TestClient, world: World, session: Session, settings: Settings
) -> None:
    case = make_case(session, world, settings, state="screening")
    r = post(
        client,
        world,
        case.id or 0,
        {"trigger": "reject", "reason": "below threshold"},
        _etag(client, world, case.id or 0),
    )
    assert r.json()["state"] == "rejected"
    etag = r.headers["etag"]
    assert (
        post(
            client, world, case.id or 0, {"trigger": "reconsider", "reason": "new info"}, etag
        ).status_code
        == 403
    )
    r = post(
        client, world, case.id or 0, {"trigger": "reconsider", "reason": "new info"}, etag, "chair"
    )
    assert r.status_code == 200 and r.json()["state"] == "screening"
    view = client.get(f"/api/v1/cases/{case.id}/transitions", headers=world.headers("chair")).json()
    assert [h["trigger"] for h in view["history"]] == ["open", "reject", "reconsider"]


def test_workflow_endpoints(client: TestClient, world: World) -> None:
    r = client.get("/api/v1/workflows", headers=world.headers("police_system"))
    assert r.status_code == 200 and r.json()[0]["name"] == "hate_crime_panel"
    one = client.get("/api/v1/workflows/hate_crime_panel", headers=world.headers("auditor")).json()
    assert one["mermaid"].startswith("stateDiagram-v2")
    assert set(one["definition"]["states"]) >= {"referred", "monitoring", "closed"}
    assert client.get("/api/v1/workflows/nope", headers=world.headers("chair")).status_code == 404
    assert client.get("/api/v1/workflows").status_code == 401
