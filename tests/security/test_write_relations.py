"""Seeing a case is not authority to change it (issue 15): writes need the declared relation.

Each test failed before the services checked the authority table: an agency that could
merely see a case (it referred it, but is not a current member of the case's panel) could
record victim updates and support referrals, any agency person could rewrite the Victims'
Code entitlement, and research came back from agencies that had left the panel.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import Case, PanelMembership, VictimEntitlement, VictimUpdate
from tests.fixtures import World
from tests.security import builders
from tests.web.helpers import sign_in


def _case(engine: Engine, world: World, referrer: str = "police") -> Case:
    with Session(engine, expire_on_commit=False) as session:
        case = builders.make_case(
            session,
            panel_id=world.panel.id or 0,
            referring_agency_id=world.agencies[referrer].id,
        )
        session.commit()
        return case


def _leave_panel(engine: Engine, world: World, agency: str) -> None:
    with Session(engine) as session:
        membership = session.exec(
            select(PanelMembership).where(
                col(PanelMembership.panel_id) == world.panel.id,
                col(PanelMembership.agency_id) == world.agencies[agency].id,
            )
        ).one()
        membership.left_on = date.today() - timedelta(days=1)
        session.add(membership)
        session.commit()


def _update(client: TestClient, world: World, actor: str, case_id: int | None) -> Any:
    given = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    return client.post(
        f"/api/v1/cases/{case_id}/victim-updates",
        json={"kind": "case_progress", "method": "phone", "given_at": given},
        headers=world.headers(actor),
    )


def _support(client: TestClient, world: World, actor: str, case_id: int | None) -> Any:
    at = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    return client.post(
        f"/api/v1/cases/{case_id}/support-referrals",
        json={"status": "made", "service": "Victim Support", "at": at},
        headers=world.headers(actor),
    )


def _entitlement(
    client: TestClient, world: World, actor: str, case_id: int | None, **body: Any
) -> Any:
    current = client.get(f"/api/v1/cases/{case_id}/entitlement", headers=world.headers(actor))
    headers = world.headers(actor)
    if current.status_code == 200 and current.headers.get("ETag"):
        headers["If-Match"] = current.headers["ETag"]
    return client.put(
        f"/api/v1/cases/{case_id}/entitlement",
        json={"update_schedule": "weekly by phone", **body},
        headers=headers,
    )


def _count(engine: Engine, model: Any) -> int:
    with Session(engine) as session:
        return len(session.exec(select(model)).all())


def _is_forbidden(response: Any, words: str) -> None:
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert words in response.json()["detail"]


def test_a_non_member_agency_that_referred_the_case_may_read_it_but_not_record_updates(
    client: TestClient, world: World, engine: Engine
) -> None:
    case = _case(engine, world, referrer="outsider")
    seen = client.get(f"/api/v1/cases/{case.id}", headers=world.headers("outsider_officer"))
    assert seen.status_code == 200  # reads follow the case: it referred it
    before = _count(engine, VictimUpdate)
    _is_forbidden(_update(client, world, "outsider_officer", case.id), "member agency")
    _is_forbidden(_support(client, world, "outsider_system", case.id), "member agency")
    assert _count(engine, VictimUpdate) == before
    assert _update(client, world, "police_officer", _case(engine, world).id).status_code == 201


def test_an_agency_that_left_the_panel_may_no_longer_write_to_its_cases(
    client: TestClient, world: World, engine: Engine
) -> None:
    case = _case(engine, world)
    assert _update(client, world, "police_officer", case.id).status_code == 201
    _leave_panel(engine, world, "police")
    _is_forbidden(_update(client, world, "police_officer", case.id), "member agency")
    _is_forbidden(_support(client, world, "police_system", case.id), "member agency")
    research = client.post(
        f"/api/v1/cases/{case.id}/research",
        json={"items": [{"kind": "fact", "text": "Two call-outs in May."}]},
        headers=world.headers("police_officer"),
    )
    _is_forbidden(research, "research")


def test_an_agency_that_is_not_the_lead_contact_cannot_rewrite_the_entitlement(
    client: TestClient, world: World, engine: Engine
) -> None:
    case = _case(engine, world)
    _is_forbidden(_entitlement(client, world, "police_officer", case.id), "lead contact")
    assert _count(engine, VictimEntitlement) == 0
    named = _entitlement(
        client, world, "coordinator", case.id, lead_agency_id=world.agencies["police"].id
    )
    assert named.status_code == 200, named.text
    assert named.json()["lead_agency_id"] == world.agencies["police"].id
    read = client.get(f"/api/v1/cases/{case.id}", headers=world.headers("coordinator"))
    assert read.json()["lead_agency_id"] == world.agencies["police"].id
    ours = _entitlement(client, world, "police_officer", case.id, needs_outcome=None)
    assert ours.status_code == 200, ours.text
    assert ours.json()["update_schedule"] == "weekly by phone"
    assert (
        "lead_agency_id"
        not in client.get(
            f"/api/v1/cases/{case.id}", headers=world.headers("police_officer")
        ).json()
    )


def test_only_the_panel_names_the_lead_contact_and_only_a_current_member(
    client: TestClient, world: World, engine: Engine
) -> None:
    case = _case(engine, world)
    outsider = _entitlement(
        client, world, "coordinator", case.id, lead_agency_id=world.agencies["outsider"].id
    )
    assert outsider.status_code == 422
    assert outsider.json()["errors"][0]["field"] == "lead_agency_id"
    missing = _entitlement(client, world, "chair", case.id, lead_agency_id=999999)
    assert missing.status_code == 422
    police = world.agencies["police"].id
    assert _entitlement(client, world, "chair", case.id, lead_agency_id=police).status_code == 200
    housing = world.agencies["housing"].id
    _is_forbidden(
        _entitlement(client, world, "police_officer", case.id, lead_agency_id=housing),
        "lead contact",
    )
    _leave_panel(engine, world, "police")
    _is_forbidden(_entitlement(client, world, "police_officer", case.id), "lead contact")


def test_the_web_form_follows_the_same_rule(
    client: TestClient, world: World, engine: Engine
) -> None:
    """The web's victim-update form is the same operation: the service refuses it too."""
    case = _case(engine, world, referrer="outsider")
    token = sign_in(client, "outsider_officer")
    yesterday = date.today() - timedelta(days=1)
    before = _count(engine, VictimUpdate)
    response = client.post(
        f"/cases/{case.id}/victim-updates",
        data={
            "csrf_token": token,
            "update.kind": "case_progress",
            "update.method": "phone",
            "update.given_at.day": str(yesterday.day),
            "update.given_at.month": str(yesterday.month),
            "update.given_at.year": str(yesterday.year),
            "update.given_time": "10:15",
        },
        follow_redirects=False,
    )
    assert response.status_code == 403, response.text[:300]
    assert _count(engine, VictimUpdate) == before
