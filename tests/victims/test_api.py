"""Support referrals, updates given, the entitlement, and overdue deadlines raised by tick."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import Notification, Timer
from riskpanel.timers.service import tick
from tests.fixtures import World
from tests.referrals.helpers import audit_events, fields_of, incident, referred_case


def _late_case(client: TestClient, world: World, **overrides: Any) -> tuple[dict, int]:
    """A case whose crime was reported 12 days ago: both deadlines have passed."""
    referral, opened = referred_case(
        client, world, incidents=[incident(days_ago=12, strands=["disability"])], **overrides
    )
    return referral, opened["case"]["id"]


def _overdue(client: TestClient, world: World) -> list[dict]:
    r = client.get("/api/v1/victims-code/overdue", headers=world.headers("coordinator"))
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_overdue_listed_raised_by_tick_and_resolved(
    client: TestClient, world: World, session: Session, engine: Engine, now: datetime
) -> None:
    referral, case_id = _late_case(client, world)
    items = _overdue(client, world)
    assert {i["kind"] for i in items} == {"support_referral_due", "key_update_due"}
    assert all(i["referral_id"] == referral["id"] and not i["tick_fired"] for i in items)
    report = tick(engine)
    assert report.fired["support_referral_due"] == 1 and report.fired["key_update_due"] == 1
    assert all(i["tick_fired"] for i in _overdue(client, world))
    session.rollback()
    notes = session.exec(
        select(Notification).where(col(Notification.kind) == "victims_code_overdue")
    ).all()
    assert len(notes) == 2 and {n.user_id for n in notes} == {world.users["coordinator"].id}
    assert "Okonkwo" not in str([n.payload for n in notes])  # references only
    assert tick(engine).fired["support_referral_due"] == 0  # each timer fires once

    late = (now - timedelta(hours=1)).isoformat()
    made = client.post(
        f"/api/v1/cases/{case_id}/support-referrals",
        json={
            "status": "declined",
            "service": "Victim Support",
            "at": late,
            "declined_reason": "Already supported by a local mosque group.",
        },
        headers=world.headers("coordinator"),
    )
    assert made.status_code == 201, made.text
    assert [i["kind"] for i in _overdue(client, world)] == ["key_update_due"]
    told = client.post(
        f"/api/v1/cases/{case_id}/victim-updates",
        json={
            "kind": "case_progress",
            "method": "via_advocate",
            "given_at": late,
            "summary": "Told about the panel referral.",
        },
        headers=world.headers("coordinator"),
    )
    assert told.status_code == 201
    assert _overdue(client, world) == []
    session.rollback()
    outcomes = {
        t.kind: t.outcome
        for t in session.exec(select(Timer)).all()
        if t.kind in ("support_referral_due", "key_update_due")
    }
    assert outcomes == {"support_referral_due": "met_late", "key_update_due": "met_late"}
    assert audit_events(session, subject_type="victims_code_overdue", action="consultation")


def test_tick_finds_nothing_to_raise_when_met_or_opted_out(
    client: TestClient, world: World, session: Session, engine: Engine, now: datetime
) -> None:
    _, case_id = _late_case(client, world, victims_code={"support_opt_out": True})
    client.post(
        f"/api/v1/cases/{case_id}/victim-updates",
        json={"kind": "arrest", "method": "phone", "given_at": now.isoformat()},
        headers=world.headers("police_officer"),
    )
    tick(engine)
    assert _overdue(client, world) == []
    session.rollback()
    kinds = {t.kind for t in session.exec(select(Timer)).all()}
    assert "support_referral_due" not in kinds  # no deadline when the victim opted out
    assert session.exec(select(Notification)).all() == []


def test_entitlement_put_needs_if_match_and_recomputes_the_clock(
    client: TestClient, world: World, now: datetime
) -> None:
    _, case_id = _late_case(client, world)
    url = f"/api/v1/cases/{case_id}/entitlement"
    current = client.get(url, headers=world.headers("coordinator"))
    assert current.status_code == 200 and current.json()["enhanced_rights"] is True
    body = {
        "enhanced_rights": False,
        "needs_assessed_at": (now - timedelta(days=1)).isoformat(),
        "needs_outcome": "Wants weekly calls; Polish interpreter.",
        "update_schedule": "weekly by phone",
    }
    assert client.put(url, json=body, headers=world.headers("coordinator")).status_code == 428
    stale = world.headers("coordinator", **{"If-Match": f'"entitlement-{case_id}-v1"'})
    assert client.put(url, json=body, headers=stale).status_code == 412
    ok = client.put(
        url,
        json=body,
        headers=world.headers("coordinator", **{"If-Match": current.headers["ETag"]}),
    )
    assert ok.status_code == 200, ok.text
    out = ok.json()
    assert out["update_schedule"] == "weekly by phone" and out["enhanced_rights"] is False
    assert out["key_update_due_at"] > current.json()["key_update_due_at"]  # 5 days, not 1
    assert ok.headers["ETag"] != current.headers["ETag"]
    again = client.put(
        url,
        json=body,
        headers=world.headers("coordinator", **{"If-Match": current.headers["ETag"]}),
    )
    assert again.status_code == 412


def test_refusals_and_access(client: TestClient, world: World, now: datetime) -> None:
    _, case_id = _late_case(client, world)
    base = f"/api/v1/cases/{case_id}"
    no_reason = client.post(
        f"{base}/support-referrals",
        json={"status": "declined", "service": "Victim Support", "at": now.isoformat()},
        headers=world.headers("coordinator"),
    )
    assert fields_of(no_reason) == ["declined_reason"]
    future = client.post(
        f"{base}/victim-updates",
        json={
            "kind": "charge",
            "method": "letter",
            "given_at": (now + timedelta(days=1)).isoformat(),
        },
        headers=world.headers("coordinator"),
    )
    assert fields_of(future) == ["given_at"]
    naive = client.post(
        f"{base}/victim-updates",
        json={"kind": "charge", "method": "letter", "given_at": "2026-01-01T10:00:00"},
        headers=world.headers("coordinator"),
    )
    assert fields_of(naive) == ["given_at"]
    outcome_only = client.put(
        f"{base}/entitlement", json={"needs_outcome": "x"}, headers=world.headers("coordinator")
    )
    assert fields_of(outcome_only) == ["needs_assessed_at"]
    update = {"kind": "bail", "method": "phone", "given_at": now.isoformat()}
    assert (
        client.post(
            f"{base}/victim-updates", json=update, headers=world.headers("police_system")
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"{base}/victim-updates", json=update, headers=world.headers("outsider_officer")
        ).status_code
        == 404
    )
    assert (
        client.get(
            "/api/v1/victims-code/overdue", headers=world.headers("police_officer")
        ).status_code
        == 403
    )
