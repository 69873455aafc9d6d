"""Research returns: fact and opinion kept apart, withheld with reasons, seen by the panel
and by the returning agency only, never by another agency."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from riskpanel.models import AuditEvent, ResearchItem, ResearchReturn
from tests.actions.factories import (
    MadeCase,
    expire_key,
    list_at_meeting,
    make_case,
    make_meeting,
    update_agency,
)
from tests.factories import refresh_view
from tests.fixtures import World

RETURN = {
    "items": [
        {"kind": "fact", "text": "Two calls to the address logged in October."},
        {"kind": "opinion", "text": "The officer believes the abuse is escalating."},
    ],
    "withheld": [
        {"description": "Intelligence on a suspect", "reason": "Live investigation (DPA s.31)"}
    ],
}


def url(case_id: int) -> str:
    return f"/api/v1/cases/{case_id}/research"


@pytest.fixture
def case(engine: Engine, world: World) -> MadeCase:
    return make_case(engine, world, referrer="police", state="listed")


def _rows(session: Session) -> int:
    refresh_view(session)
    return session.exec(select(func.count()).select_from(ResearchReturn)).one()


def test_the_referring_agency_returns_research(
    client: TestClient, world: World, case: MadeCase, session: Session
) -> None:
    r = client.post(url(case.id), json=RETURN, headers=world.headers("police_system"))
    assert r.status_code == 201, r.text
    body = r.json()
    assert [(i["kind"], i["text"]) for i in body["items"]] == [
        (i["kind"], i["text"]) for i in RETURN["items"]
    ]
    assert body["withheld"] == RETURN["withheld"]
    assert (body["agency_name"], body["case_id"]) == ("Test Police", case.id)
    refresh_view(session)
    event = session.exec(
        select(AuditEvent).where(AuditEvent.subject_type == "research_return")
    ).one()
    assert (event.action, event.case_id) == ("collection", case.id)
    assert event.fields == ["items.fact", "items.opinion", "withheld"]
    assert "calls" not in repr(event.detail)


def test_an_agency_that_cannot_see_the_case_gets_404(
    client: TestClient, world: World, case: MadeCase, session: Session
) -> None:
    for actor in ("housing_system", "housing_officer", "outsider_system", "outsider_officer"):
        assert (
            client.post(url(case.id), json=RETURN, headers=world.headers(actor)).status_code == 404
        )
        assert client.get(url(case.id), headers=world.headers(actor)).status_code == 404
    missing = client.post(url(999999), json=RETURN, headers=world.headers("police_system"))
    assert missing.status_code == 404
    assert _rows(session) == 0


def test_agencies_read_back_only_their_own_returns(
    client: TestClient, engine: Engine, world: World, case: MadeCase
) -> None:
    meeting = make_meeting(engine, world)
    list_at_meeting(engine, case_id=case.id, meeting_id=meeting)  # now housing can see it
    police = client.post(url(case.id), json=RETURN, headers=world.headers("police_system"))
    housing_body = {
        "meeting_id": meeting,
        "items": [{"kind": "fact", "text": "Tenancy since 2019; one repair request."}],
    }
    housing = client.post(url(case.id), json=housing_body, headers=world.headers("housing_officer"))
    assert housing.status_code == 201, housing.text
    assert housing.json()["meeting_id"] == meeting

    def ids(actor: str) -> list[int]:
        r = client.get(url(case.id), headers=world.headers(actor))
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["items"]]

    assert ids("police_system") == ids("police_officer") == [police.json()["id"]]
    assert ids("housing_system") == [housing.json()["id"]]
    assert ids("coordinator") == ids("chair") == [police.json()["id"], housing.json()["id"]]
    assert client.get(url(case.id), headers=world.headers("outsider_system")).status_code == 404
    for actor in ("scrutiny", "auditor", "admin"):
        assert client.get(url(case.id), headers=world.headers(actor)).status_code == 403
    for actor in ("coordinator", "chair"):
        r = client.post(url(case.id), json=RETURN, headers=world.headers(actor))
        assert r.status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"items": []}, "body"),
        ({"items": [{"kind": "rumour", "text": "x"}]}, "items.0.kind"),
        ({"items": [{"kind": "fact", "text": ""}]}, "items.0.text"),
        ({"withheld": [{"description": "Medical records"}]}, "withheld.0.reason"),
        ({**RETURN, "victim_name": "x"}, "victim_name"),
        ({**RETURN, "meeting_id": 999999}, "meeting_id"),
    ],
)
def test_returns_are_validated(
    client: TestClient, world: World, case: MadeCase, body: dict, field: str
) -> None:
    r = client.post(url(case.id), json=body, headers=world.headers("police_system"))
    assert r.status_code == 422, r.text
    assert field in {e["field"] for e in r.json()["errors"]}


def test_research_takes_an_idempotency_key(
    client: TestClient, world: World, case: MadeCase, session: Session
) -> None:
    h = world.headers("police_system", **{"Idempotency-Key": "research-7"})
    first = client.post(url(case.id), json=RETURN, headers=h)
    again = client.post(url(case.id), json=RETURN, headers=h)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    other = client.post(url(case.id), json={**RETURN, "withheld": []}, headers=h)
    assert other.status_code == 422
    assert _rows(session) == 1
    refresh_view(session)
    assert session.exec(select(func.count()).select_from(ResearchItem)).one() == 2


def test_no_research_without_agreement_or_with_a_dead_key(
    client: TestClient, engine: Engine, world: World, case: MadeCase, session: Session
) -> None:
    expire_key(engine, world, "police_system", revoke=True)
    assert (
        client.post(url(case.id), json=RETURN, headers=world.headers("police_system")).status_code
        == 401
    )
    update_agency(engine, world, "police", isa_expires_on=date.today() - timedelta(days=1))
    r = client.post(url(case.id), json=RETURN, headers=world.headers("police_officer"))
    assert r.status_code == 404
    assert _rows(session) == 0
