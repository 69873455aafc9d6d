"""The access log API for auditors: filters, keyset pages, CSV export (itself audited)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from riskpanel.audit.service import record
from riskpanel.kit.principal import Principal
from riskpanel.models import AuditEvent, utcnow
from riskpanel.models.enums import AuditAction
from tests.audit.conftest import write_events
from tests.fixtures import World

AUDIT = "/api/v1/audit"


def auditor(world: World) -> dict[str, str]:
    return world.headers("auditor")


def test_search_filters_and_pages(client: TestClient, world: World, session: Session) -> None:
    write_events(session, 5)
    other = Principal(role="coordinator", label="Coord", user_id=99)
    record(
        session=session,
        principal=other,
        action=AuditAction.DISCLOSURE,
        subject_type="case",
        subject_id=102,
        case_id=102,
        person_id=202,
        purpose="meeting_preparation",
        recipients=["Test Housing"],
    )
    session.commit()
    r = client.get(AUDIT, params={"case_id": 102}, headers=auditor(world))
    assert r.status_code == 200
    assert [e["action"] for e in r.json()["items"]] == [
        "disclosure",
        "consultation",
    ]  # newest first
    assert (
        len(client.get(AUDIT, params={"person_id": 204}, headers=auditor(world)).json()["items"])
        == 1
    )
    by_user = client.get(AUDIT, params={"user_id": 7}, headers=auditor(world)).json()["items"]
    assert {e["actor_user_id"] for e in by_user} == {7} and len(by_user) == 5
    by_agency = client.get(
        AUDIT, params={"agency_id": 3, "action": "consultation"}, headers=auditor(world)
    )
    assert len(by_agency.json()["items"]) == 5
    page = client.get(AUDIT, params={"user_id": 7, "limit": 2}, headers=auditor(world)).json()
    ids = [e["id"] for e in page["items"]]
    while page["next_cursor"]:
        page = client.get(
            AUDIT,
            params={"user_id": 7, "limit": 2, "cursor": page["next_cursor"]},
            headers=auditor(world),
        ).json()
        ids += [e["id"] for e in page["items"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == 5


def test_time_window_filters(client: TestClient, world: World, session: Session) -> None:
    write_events(session, 2)
    later = (utcnow() + timedelta(hours=1)).replace(tzinfo=None).isoformat()  # no zone: UTC
    earlier = (utcnow() - timedelta(hours=1)).isoformat()
    assert client.get(AUDIT, params={"from": later}, headers=auditor(world)).json()["items"] == []
    found = client.get(
        AUDIT, params={"from": earlier, "to": later, "user_id": 7}, headers=auditor(world)
    )
    assert len(found.json()["items"]) == 2
    assert (
        client.get(AUDIT, params={"from": "yesterday"}, headers=auditor(world)).status_code == 422
    )
    assert client.get(AUDIT, params={"cursor": "!!"}, headers=auditor(world)).status_code == 422
    assert client.get(AUDIT, params={"cursor": "eHl6"}, headers=auditor(world)).status_code == 422


def test_each_search_is_itself_logged(client: TestClient, world: World, session: Session) -> None:
    client.get(AUDIT, params={"person_id": 5}, headers=auditor(world))
    event = session.exec(select(AuditEvent).where(AuditEvent.subject_type == "audit_log")).one()
    assert event.action == "consultation" and event.purpose == "audit"
    assert event.actor_user_id == world.users["auditor"].id
    assert event.detail["filters"] == {"person_id": 5}


def test_csv_export_is_a_logged_disclosure(
    client: TestClient, world: World, session: Session
) -> None:
    write_events(session, 3)
    record(
        session=session,
        principal=Principal(role="admin", label='=HYPERLINK("http://x")', user_id=1),
        action=AuditAction.ADMINISTRATION,
        subject_type="user",
        subject_id=1,
        purpose="administration",
    )
    session.commit()
    r = client.get(f"{AUDIT}.csv", params={"limit": 3}, headers=auditor(world))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 3 and r.headers["x-next-cursor"]
    assert rows[0]["actor_label"].startswith("'=")  # no formula runs in a spreadsheet
    assert rows[1]["fields"] == "narrative"
    rest = client.get(
        f"{AUDIT}.csv", params={"cursor": r.headers["x-next-cursor"]}, headers=auditor(world)
    )
    assert len(list(csv.DictReader(io.StringIO(rest.text)))) == 1
    assert "x-next-cursor" not in rest.headers
    session.rollback()
    export = session.exec(
        select(AuditEvent).where(AuditEvent.subject_type == "audit_log").order_by(AuditEvent.id)
    ).first()
    assert export is not None and export.action == "disclosure"
    assert export.recipients == ["Auditor"] and export.detail["format"] == "csv"
    assert export.detail["rows"] == 3


@pytest.mark.parametrize(
    "actor", ["admin", "coordinator", "chair", "police_officer", "police_system", "scrutiny"]
)
def test_only_auditors_read_the_log(client: TestClient, world: World, actor: str) -> None:
    assert client.get(AUDIT, headers=world.headers(actor)).status_code == 403
    assert client.get(f"{AUDIT}.csv", headers=world.headers(actor)).status_code == 403
    assert client.get(AUDIT).status_code == 401
