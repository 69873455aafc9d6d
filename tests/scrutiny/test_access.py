"""A scrutiny member reaches released packs and nothing else; other roles do not reach packs."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from riskpanel.config import Settings
from tests.fixtures import World
from tests.scrutiny import flow
from tests.scrutiny.factories import MadeCase, ScrutinyFactory

BASE = flow.BASE
FORBIDDEN_KEYS = {
    "source_case_id",
    "spans",
    "removed_spans",
    "quasi",
    "removed",
    "etag",
    "withheld_reason",
    "recipients",
    "kanon_report",
    "source_changed",
}
#: Routes with no case data: about the caller themselves, public ones, and the lifecycle
#: definitions (workflow files) every role may read.
SELF_SERVICE = ("/api/v1/auth/", "/api/v1/health", "/api/v1/workflows")


@pytest.fixture
def made(session: Session, world: World) -> list[MadeCase]:
    factory = ScrutinyFactory(session, world, seed=17)
    for _ in range(6):
        factory.closed_case(strands=("race",), district="Northgate", age=30, sex="male")
    return factory.made


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_member_sees_released_packs_only_without_source_details(
    client: TestClient, world: World, made: list[MadeCase]
) -> None:
    draft = flow.create_pack(client, world)
    released = flow.released_pack(client, world, k=3)
    member = world.headers("scrutiny")
    listed = client.get(f"{BASE}/packs", headers=member).json()["items"]
    assert [p["id"] for p in listed] == [released["id"]]
    assert client.get(f"{BASE}/packs/{draft['id']}", headers=member).status_code == 404
    assert client.get(f"{BASE}/packs/{draft['id']}/pack.pdf", headers=member).status_code == 404
    body = client.get(f"{BASE}/packs/{released['id']}", headers=member).json()
    assert body["view"] == "released" and body["summaries"]
    assert _keys(body).isdisjoint(FORBIDDEN_KEYS)
    sid = body["summaries"][0]["id"]
    for path in (f"/packs/{released['id']}/summaries/{sid}", f"/packs/{draft['id']}/summaries/1"):
        assert client.get(BASE + path, headers=member).status_code == 403
    for path, payload in [
        ("/packs", {"period_start": "2025-01-01", "period_end": "2025-02-01", "sample_size": 1}),
        (f"/packs/{draft['id']}/release", {"recipients": ["me"]}),
        (f"/packs/{draft['id']}/summaries/1/reviewed", {}),
        (f"/packs/{draft['id']}/summaries/1/redactions", {"phrase": "abc"}),
        ("/feedback/1/response", {"response": "hi"}),
    ]:
        assert client.post(BASE + path, json=payload, headers=member).status_code == 403
    assert (
        client.get(
            f"{BASE}/statistics.csv?from=2025-01-01&to=2025-12-31", headers=member
        ).status_code
        == 403
    )


def _fill(path: str, ids: dict[str, int]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 1)), path)


def test_member_reaches_no_other_api(
    client: TestClient, world: World, made: list[MadeCase], session: Session
) -> None:
    """Every route outside /scrutiny (cases, people, referrals, meetings, actions, audit...)
    answers 403 or 404 to a scrutiny member, even with the ids of real records."""
    case = made[0]
    ids = {
        "case_id": case.case_id,
        "person_id": case.people[0].id or 0,
        "agency_id": world.agencies["police"].id or 0,
        "user_id": world.users["coordinator"].id or 0,
    }
    schema = client.get("/api/v1/openapi.json").json()
    member = world.headers("scrutiny")
    checked = 0
    for path, operations in schema["paths"].items():
        if path.startswith(BASE) or path.startswith(SELF_SERVICE):
            continue
        for method in operations:
            r = client.request(method, _fill(path, ids), headers=member)
            assert r.status_code in (403, 404), (method, path, r.status_code)
            checked += 1
    assert checked >= 20


@pytest.mark.parametrize("actor", ["police_officer", "police_system", "admin", "auditor"])
def test_other_roles_do_not_reach_scrutiny(
    client: TestClient, world: World, made: list[MadeCase], actor: str
) -> None:
    released = flow.released_pack(client, world, k=3)
    headers = world.headers(actor)
    pid = released["id"]
    for path in (
        "/packs",
        f"/packs/{pid}",
        f"/packs/{pid}/pack.pdf",
        f"/packs/{pid}/statistics",
        f"/packs/{pid}/statistics.csv",
        "/feedback",
        "/statistics",
    ):
        assert client.get(BASE + path, headers=headers).status_code == 403, path


def test_chair_reads_but_does_not_change_and_other_panels_see_nothing(
    client: TestClient, world: World, made: list[MadeCase], session: Session, settings: Settings
) -> None:
    draft = flow.create_pack(client, world)
    chair = world.headers("chair")
    assert client.get(f"{BASE}/packs/{draft['id']}", headers=chair).json()["view"] == "review"
    r = client.post(
        f"{BASE}/packs/{draft['id']}/release", json={"recipients": ["x"]}, headers=chair
    )
    assert r.status_code == 403
    from riskpanel.auth import service as auth
    from riskpanel.models import Panel

    other = Panel(name="Other Panel", area="Elsewhere")
    session.add(other)
    session.flush()
    user = auth.create_user(
        session=session,
        email="c2@example.org",
        display_name="Other Coord",
        role="coordinator",
        panel_id=other.id,
        password="another long password",
    )
    token = auth.issue_personal_token(session=session, user=user, key=settings.secret_key)
    session.commit()
    stranger = {"Authorization": f"Bearer {token}"}
    assert client.get(f"{BASE}/packs/{draft['id']}", headers=stranger).status_code == 404
    assert client.get(f"{BASE}/packs", headers=stranger).json()["items"] == []
