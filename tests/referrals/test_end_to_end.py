"""End to end: a referral posted by an agency SYSTEM key becomes a screened, scored,
accepted case with its route and Victims' Code deadlines, everything audited."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from riskpanel.models import CaseHistory, CasePerson, Incident, RiskAssessment, Timer
from tests.fixtures import World
from tests.referrals.helpers import audit_events, incident, post_referral, screen, victim

ANSWERS = [
    {"question_id": q, "answer": "yes", "source": s}
    for q, s in (
        ("getting_worse", "victim"),
        ("threatened_with_harm", "victim"),
        ("home_attacked", "police"),
        ("weapon", "police"),
        ("perpetrator_nearby", "agency_record"),
    )
] + [{"question_id": "injured", "answer": "unknown", "source": "victim"}]


def test_system_referral_to_accepted_case(
    client: TestClient, world: World, session: Session
) -> None:
    r = post_referral(
        client,
        world,
        actor="police_system",
        victim=victim(given="Chukwuemeka", family="Adeyemi", dob="1979-11-23"),
        household={
            "children_present": True,
            "members": [
                {
                    "given_name": "Zara",
                    "family_name": "Adeyemi",
                    "date_of_birth": "2016-02-14",
                    "relationship_to_victim": "daughter",
                    "is_child": True,
                }
            ],
        },
        incidents=[
            incident(days_ago=4, strands=["race"], place="Bus stop, Station Rd"),
            incident(
                days_ago=1, strands=["race"], online=True, platform="facebook", handle="@leave_now"
            ),
        ],
        perpetrators=[
            {
                "known": True,
                "given_name": "Darren",
                "family_name": "Cole",
                "aliases": ["Daz"],
                "relationship_to_victim": "neighbour",
                "lives_nearby": True,
            }
        ],
        victims_code={"enhanced_rights": True, "support_opt_out": False},
    )
    assert r.status_code == 201, r.text
    referral = r.json()
    assert referral["victims_code"]["support_referral_due"] is not None
    rid = referral["id"]

    flags = client.post(
        f"/api/v1/referrals/{rid}/flag-decision", json={}, headers=world.headers("coordinator")
    )
    assert flags.status_code == 200
    opened = screen(client, world, rid, "open_case")
    assert opened.status_code == 200, opened.text
    case = opened.json()["case"]
    assert case["state"] == "screening" and case["strands_confirmed"] is True
    assert case["children_in_household"] is True
    too_early = screen(
        client, world, rid, "accept", route="high_risk", etag=opened.json()["case_etag"]
    )
    assert too_early.status_code == 409 and too_early.json()["guard"] == "route_evidenced"

    scored = client.post(
        f"/api/v1/cases/{case['id']}/assessments",
        json={"answers": ANSWERS},
        headers=world.headers("coordinator"),
    )
    assert scored.status_code == 201, scored.text
    assert scored.json()["case_risk_level"] == "high"
    assert scored.json()["assessment"]["unanswered"][0] == "targeted_before"

    accepted = screen(client, world, rid, "accept", route="high_risk", etag=scored.headers["ETag"])
    assert accepted.status_code == 200, accepted.text
    out = accepted.json()
    assert out["case"]["state"] == "accepted" and out["case"]["route"] == "high_risk"
    assert out["referral"]["status"] == "accepted"

    detail = client.get(f"/api/v1/cases/{case['id']}", headers=world.headers("coordinator"))
    body = detail.json()
    assert body["risk_level"] == "high" and body["route"] == "high_risk"
    assert [h["to_state"] for h in body["history"]] == ["referred", "screening", "accepted"]
    assert {p["role"] for p in body["parties"]} == {"household_member", "perpetrator"}
    assert len(body["incidents"]) == 2

    ent = client.get(
        f"/api/v1/cases/{case['id']}/entitlement", headers=world.headers("coordinator")
    ).json()
    assert ent["enhanced_rights"] is True and ent["support_referral_due_at"]
    statuses = {d["kind"]: d["status"] for d in ent["deadlines"]}
    assert statuses == {"support_referral_due": "pending", "key_update_due": "pending"}
    now = datetime.now(UTC).isoformat()
    made = client.post(
        f"/api/v1/cases/{case['id']}/support-referrals",
        json={"status": "made", "service": "Victim Support", "at": now},
        headers=world.headers("police_system"),
    )
    assert made.status_code == 201, made.text
    told = client.post(
        f"/api/v1/cases/{case['id']}/victim-updates",
        json={"kind": "arrest", "method": "phone", "given_at": now},
        headers=world.headers("police_officer"),
    )
    assert told.status_code == 201, told.text
    ent = client.get(
        f"/api/v1/cases/{case['id']}/entitlement", headers=world.headers("coordinator")
    ).json()
    assert {d["status"] for d in ent["deadlines"]} == {"met"}

    session.rollback()
    assert len(session.exec(select(Incident).where(col(Incident.case_id) == case["id"])).all()) == 2
    assert (
        session.exec(select(RiskAssessment).where(col(RiskAssessment.case_id) == case["id"]))
        .one()
        .level
        == "high"
    )
    assert (
        len(session.exec(select(CasePerson).where(col(CasePerson.case_id) == case["id"])).all())
        == 3
    )
    timers = session.exec(select(Timer).where(col(Timer.case_id) == case["id"])).all()
    assert {t.kind for t in timers} >= {"support_referral_due", "key_update_due"}
    assert (
        len(session.exec(select(CaseHistory).where(col(CaseHistory.case_id) == case["id"])).all())
        == 3
    )
    actions = {(e.subject_type, e.action) for e in audit_events(session)}
    assert actions >= {
        ("referral", "collection"),
        ("person", "collection"),
        ("referral", "alteration"),
        ("case", "collection"),
        ("case", "alteration"),
        ("risk_assessment", "collection"),
        ("case", "consultation"),
        ("victim_entitlement", "consultation"),
        ("support_referral", "collection"),
        ("victim_update", "collection"),
    }
