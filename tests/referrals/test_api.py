"""Referral intake: what is stored, who may refer, idempotent retries, audit rows."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from riskpanel.models import Incident, IncidentStrand, Person, Referral
from tests.fixtures import World
from tests.referrals.helpers import audit_events, incident, payload, post_referral


def test_agency_system_refers_and_everything_is_stored(
    client: TestClient, world: World, session: Session
) -> None:
    r = post_referral(
        client,
        world,
        incidents=[
            incident(
                days_ago=3,
                strands=["race", "religion", "age"],
                online=True,
                platform="x.com",
                handle="@Hate_Acct",
            ),
        ],
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["reference"].startswith("REF-")
    assert r.headers["Location"] == f"/api/v1/referrals/{body['id']}"
    assert body["status"] == "received"
    assert "matches" not in body  # agencies never see match suggestions
    strands = {s["strand"]: s["monitored"] for s in body["incidents"][0]["strands"]}
    assert strands == {"race": True, "religion": True, "age": False}
    referral = session.get(Referral, body["id"])
    assert referral is not None
    assert referral.referring_agency_id == world.agencies["police"].id
    assert referral.referred_by_credential_id is not None
    row = session.exec(select(Incident).where(col(Incident.referral_id) == body["id"])).one()
    assert row.handle_key == "x:hate_acct"
    assert row.location_key and row.location_key.startswith("place:")
    assert (
        len(
            session.exec(
                select(IncidentStrand).where(col(IncidentStrand.incident_id) == row.id)
            ).all()
        )
        == 3
    )
    victim = session.get(Person, referral.victim_person_id)
    assert victim is not None and victim.name_key == "ama|oko"
    assert victim.postcode == "LS6 2AB" and victim.consent_status == "given"
    assert referral.parties and referral.parties[0]["role"] == "perpetrator"


def test_every_write_and_read_is_audited_without_values(
    client: TestClient, world: World, session: Session
) -> None:
    r = post_referral(client, world)
    referral_id = r.json()["id"]
    collected = audit_events(session, subject_type="referral", subject_id=str(referral_id))
    assert [e.action for e in collected] == ["collection"]
    assert "narrative" in collected[0].fields
    assert all("Okonkwo" not in str(e.detail) + str(e.fields) for e in audit_events(session))
    client.get(f"/api/v1/referrals/{referral_id}", headers=world.headers("coordinator"))
    client.get("/api/v1/referrals", headers=world.headers("coordinator"))
    events = audit_events(session, action="consultation")
    assert {e.subject_type for e in events} >= {"referral", "referral_list"}
    read = next(e for e in events if e.subject_type == "referral")
    assert read.purpose == "screening" and "matches" in read.fields


def test_who_may_refer_and_see(client: TestClient, world: World) -> None:
    r = post_referral(client, world, actor="housing_officer")
    assert r.status_code == 201
    referral_id = r.json()["id"]
    assert post_referral(client, world, actor="scrutiny").status_code == 403
    assert post_referral(client, world, actor="outsider_system").status_code == 422
    coordinator = post_referral(client, world, actor="coordinator", panel_id=None)
    assert coordinator.status_code == 201
    assert "victim_full" in coordinator.json()
    own = client.get(f"/api/v1/referrals/{referral_id}", headers=world.headers("housing_system"))
    assert own.status_code == 200
    other = client.get(f"/api/v1/referrals/{referral_id}", headers=world.headers("police_system"))
    assert other.status_code == 404
    listed = client.get("/api/v1/referrals", headers=world.headers("coordinator")).json()
    assert len(listed["items"]) == 2
    police = client.get("/api/v1/referrals", headers=world.headers("police_officer")).json()
    assert police["items"] == []


def test_idempotency_key_replays_and_refuses_a_changed_body(
    client: TestClient, world: World, session: Session
) -> None:
    headers = world.headers("police_system", **{"Idempotency-Key": "ref-0001"})
    body = payload(world)
    first = client.post("/api/v1/referrals", json=body, headers=headers)
    again = client.post("/api/v1/referrals", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers.get("Idempotent-Replayed") == "true"
    session.rollback()
    assert len(session.exec(select(Referral)).all()) == 1
    changed = client.post(
        "/api/v1/referrals", json={**body, "narrative": "Something else."}, headers=headers
    )
    assert changed.status_code == 422
    assert changed.json()["errors"][0]["field"] == "Idempotency-Key"
