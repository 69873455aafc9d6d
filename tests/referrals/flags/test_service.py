"""The strand flag check at intake, and the coordinator's decision on it."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from riskpanel.models import Incident, IncidentStrand, Referral
from tests.fixtures import World
from tests.referrals.helpers import audit_events, fields_of, incident, post_referral, victim

NARRATIVE = (
    "Two men pulled at her hijab outside the mosque on Church Lane and kicked her "
    "wheelchair. She says it was not racist."
)


def _post(client: TestClient, world: World) -> dict:
    r = post_referral(
        client,
        world,
        victim=victim(given="Fatima", family="Begum", address_line="4 Church Lane"),
        incidents=[incident(strands=["race"])],
        narrative=NARRATIVE,
        why_answer="Because I am a Muslim woman.",
    )
    assert r.status_code == 201, r.text
    return r.json()


def test_likely_missing_and_doubtful_strands_are_listed(client: TestClient, world: World) -> None:
    check = _post(client, world)["flag_check"]
    missing = {e["strand"]: e for e in check["likely_missing"]}
    assert set(missing) == {"religion", "disability"}
    assert "mosque" in missing["religion"]["terms"]
    assert "why_answer" in missing["religion"]["fields"]
    assert check["doubtful"] == ["race"]  # "not racist" is negated
    assert check["clean"] is False and check["flagged"] == ["race"]


def test_coordinator_corrects_the_strands_and_the_decision_is_recorded(
    client: TestClient, world: World, session: Session
) -> None:
    body = _post(client, world)
    incident_id = body["incidents"][0]["id"]
    r = client.post(
        f"/api/v1/referrals/{body['id']}/flag-decision",
        json={
            "corrections": [
                {"incident_id": incident_id, "strands": ["religion", "disability", "sex"]}
            ],
            "note": "Victim confirms religion and disability; sex locally monitored.",
        },
        headers=world.headers("coordinator"),
    )
    assert r.status_code == 200, r.text
    assert r.json()["referral"]["flags_decided_at"] is not None
    session.rollback()
    referral = session.get(Referral, body["id"])
    assert referral is not None
    assert referral.flags_decided_by_user_id == world.users["coordinator"].id
    decision = referral.flag_check["decision"]
    assert decision["changes"] == [
        {"incident_id": incident_id, "from": ["race"], "to": ["disability", "religion", "sex"]}
    ]
    assert referral.flag_check["doubtful"] == ["sex"]  # asked about, never removed
    rows = session.exec(
        select(IncidentStrand).where(col(IncidentStrand.incident_id) == incident_id)
    ).all()
    assert {(s.strand, s.monitored) for s in rows} == {
        ("religion", True),
        ("disability", True),
        ("sex", False),
    }
    event = audit_events(session, subject_type="referral", action="alteration")[-1]
    assert "flags_decided_at" in event.fields and event.detail["changed_incident_ids"]


def test_confirming_without_changes_and_refusals(client: TestClient, world: World) -> None:
    body = _post(client, world)
    url = f"/api/v1/referrals/{body['id']}/flag-decision"
    ok = client.post(url, json={}, headers=world.headers("chair"))
    assert ok.status_code == 200
    bad = client.post(
        url,
        json={
            "corrections": [
                {"incident_id": 99999, "strands": ["race"]},
                {"incident_id": body["incidents"][0]["id"], "strands": []},
            ]
        },
        headers=world.headers("coordinator"),
    )
    assert fields_of(bad) == ["corrections[0].incident_id", "corrections[1].strands"]
    agency = client.post(url, json={}, headers=world.headers("police_officer"))
    assert agency.status_code == 403


def test_online_incident_needs_the_platform_and_keeps_the_handle(
    client: TestClient, world: World, session: Session
) -> None:
    r = post_referral(
        client,
        world,
        incidents=[incident(online=True, platform="TikTok", handle="@troll_99")],
    )
    assert r.status_code == 201
    session.rollback()
    row = session.exec(select(Incident)).one()
    assert (row.platform, row.handle, row.handle_key) == ("TikTok", "@troll_99", "tiktok:troll_99")
