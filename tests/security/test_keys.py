"""Agency API keys: shown once, listed without secrets, rotated, revoked, expired -> 401."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner

from riskpanel.cli import app as cli_app
from riskpanel.config import Settings, get_settings
from riskpanel.models import ApiCredential, AuditEvent, utcnow
from tests.fixtures import World

CASES = "/api/v1/cases"


def keys_url(world: World, agency: str = "police") -> str:
    return f"/api/v1/agencies/{world.agencies[agency].id}/keys"


def issue(client: TestClient, world: World, **body: object) -> dict:
    r = client.post(
        keys_url(world), json={"name": "case system", **body}, headers=world.headers("admin")
    )
    assert r.status_code == 201, r.text
    return r.json()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_issue_shows_the_key_once_and_it_works(client: TestClient, world: World) -> None:
    key = issue(client, world, expires_in_days=30)
    assert key["token"].startswith(key["prefix"] + "_") and key["active"]
    assert client.get(CASES, headers=bearer(key["token"])).status_code == 200
    listed = client.get(keys_url(world), headers=world.headers("admin")).json()
    mine = next(k for k in listed if k["id"] == key["id"])
    assert "token" not in mine and key["token"] not in str(listed)
    assert mine["last_used_at"] is not None  # the call above was recorded
    assert {"prefix", "name", "created_at", "expires_at", "revoked_at"} <= set(mine)


def test_revoked_key_answers_401(client: TestClient, world: World) -> None:
    key = issue(client, world)
    url = f"{keys_url(world)}/{key['id']}"
    assert client.delete(url, headers=world.headers("admin")).status_code == 204
    r = client.get(CASES, headers=bearer(key["token"]))
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    assert client.delete(url, headers=world.headers("admin")).status_code == 204  # idempotent


def test_expired_key_answers_401(client: TestClient, world: World, session: Session) -> None:
    key = issue(client, world)
    row = session.get(ApiCredential, key["id"])
    assert row is not None
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()
    assert client.get(CASES, headers=bearer(key["token"])).status_code == 401


def test_rotation_without_overlap_switches_at_once(client: TestClient, world: World) -> None:
    old = issue(client, world)
    r = client.post(
        f"{keys_url(world)}/{old['id']}/rotate", json={}, headers=world.headers("admin")
    )
    assert r.status_code == 201
    new = r.json()
    assert new["replaces_key_id"] == old["id"] and new["token"] != old["token"]
    assert client.get(CASES, headers=bearer(old["token"])).status_code == 401
    assert client.get(CASES, headers=bearer(new["token"])).status_code == 200
    again = client.post(f"{keys_url(world)}/{old['id']}/rotate", headers=world.headers("admin"))
    assert again.status_code == 409


def test_rotation_with_overlap_keeps_the_old_key_for_a_while(
    client: TestClient, world: World, session: Session
) -> None:
    old = issue(client, world)
    r = client.post(
        f"{keys_url(world)}/{old['id']}/rotate",
        json={"overlap_minutes": 30},
        headers=world.headers("admin"),
    )
    new = r.json()
    assert client.get(CASES, headers=bearer(old["token"])).status_code == 200
    assert client.get(CASES, headers=bearer(new["token"])).status_code == 200
    row = session.get(ApiCredential, old["id"])
    assert row is not None and row.revoked_at is not None and row.revoked_at > utcnow()
    row.revoked_at = utcnow() - timedelta(seconds=1)  # the overlap has passed
    session.add(row)
    session.commit()
    assert client.get(CASES, headers=bearer(old["token"])).status_code == 401


def test_a_key_of_another_agency_is_not_found_under_this_one(
    client: TestClient, world: World
) -> None:
    outsider = client.post(
        keys_url(world, "outsider"), json={"name": "x"}, headers=world.headers("admin")
    ).json()
    r = client.delete(f"{keys_url(world)}/{outsider['id']}", headers=world.headers("admin"))
    assert r.status_code == 404
    assert client.get(CASES, headers=bearer(outsider["token"])).status_code == 200
    missing = client.get("/api/v1/agencies/999999/keys", headers=world.headers("admin"))
    assert missing.status_code == 404


@pytest.mark.parametrize("actor", ["coordinator", "police_officer", "police_system", "auditor"])
def test_only_admins_manage_keys(client: TestClient, world: World, actor: str) -> None:
    assert client.get(keys_url(world), headers=world.headers(actor)).status_code == 403
    r = client.post(keys_url(world), json={"name": "x"}, headers=world.headers(actor))
    assert r.status_code == 403


def test_key_administration_is_audited_without_secrets(
    client: TestClient, world: World, session: Session
) -> None:
    key = issue(client, world)
    client.post(f"{keys_url(world)}/{key['id']}/rotate", headers=world.headers("admin"))
    events = session.exec(
        select(AuditEvent).where(AuditEvent.subject_type == "api_credential")
    ).all()
    assert [e.detail["change"] for e in events] == ["issued", "rotated", "issued"]
    assert all(e.actor_user_id == world.users["admin"].id for e in events)
    assert all(key["token"] not in str(e.model_dump()) for e in events)


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("RISKPANEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("RISKPANEL_SECRET_KEY", settings.secret_key)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_keys_cli_create_list_rotate_revoke(
    cli: CliRunner, client: TestClient, world: World
) -> None:
    agency = str(world.agencies["housing"].id)
    r = cli.invoke(cli_app, ["keys", "create", "--agency-id", agency, "--name", "housing CRM"])
    assert r.exit_code == 0, r.output
    key_id = re.search(r"created key (\d+)", r.output).group(1)  # type: ignore[union-attr]
    token = r.output.strip().rsplit(" ", 1)[-1]
    assert client.get(CASES, headers=bearer(token)).status_code == 200
    listed = cli.invoke(cli_app, ["keys", "list", "--agency-id", agency, "--json"])
    assert '"name": "housing CRM"' in listed.output and token not in listed.output
    rotated = cli.invoke(cli_app, ["keys", "rotate", key_id])
    assert rotated.exit_code == 0, rotated.output
    new_id = re.search(r"new key (\d+)", rotated.output).group(1)  # type: ignore[union-attr]
    new_token = rotated.output.strip().rsplit(" ", 1)[-1]
    assert client.get(CASES, headers=bearer(token)).status_code == 401
    assert client.get(CASES, headers=bearer(new_token)).status_code == 200
    assert cli.invoke(cli_app, ["keys", "revoke", new_id]).exit_code == 0
    assert client.get(CASES, headers=bearer(new_token)).status_code == 401
    assert cli.invoke(cli_app, ["keys", "revoke", "999999"]).exit_code != 0


def test_revoking_the_successor_ends_the_overlap_of_its_predecessor(
    client: TestClient, world: World, session: Session
) -> None:
    """A key revoked because it leaked must not leave the key it replaced working: the
    overlap existed only to hand over to the new key."""
    old = issue(client, world)
    rotate = f"{keys_url(world)}/{old['id']}/rotate"
    new = client.post(rotate, json={"overlap_minutes": 60}, headers=world.headers("admin")).json()
    assert client.get(CASES, headers=bearer(old["token"])).status_code == 200
    r = client.delete(f"{keys_url(world)}/{new['id']}", headers=world.headers("admin"))
    assert r.status_code == 204
    assert client.get(CASES, headers=bearer(new["token"])).status_code == 401
    assert client.get(CASES, headers=bearer(old["token"])).status_code == 401
    row = session.get(ApiCredential, old["id"])
    assert row is not None and row.revoked_at is not None and row.revoked_at <= utcnow()
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.subject_type == "api_credential")
        .order_by(AuditEvent.id)  # type: ignore[arg-type]
    ).all()
    assert [(e.subject_id, e.detail["change"]) for e in events][-2:] == [
        (str(new["id"]), "revoked"),
        (str(old["id"]), "overlap_ended"),
    ]
    assert events[-1].detail["successor"] == new["id"]


def test_revoking_a_successor_leaves_an_already_ended_predecessor_alone(
    client: TestClient, world: World, session: Session
) -> None:
    old = issue(client, world)
    new = client.post(
        f"{keys_url(world)}/{old['id']}/rotate", json={}, headers=world.headers("admin")
    ).json()
    before = session.get(ApiCredential, old["id"])
    assert before is not None
    ended_at = before.revoked_at
    session.expunge_all()
    client.delete(f"{keys_url(world)}/{new['id']}", headers=world.headers("admin"))
    after = session.get(ApiCredential, old["id"])
    assert after is not None and after.revoked_at == ended_at
    changes = session.exec(
        select(AuditEvent).where(
            AuditEvent.subject_type == "api_credential", AuditEvent.subject_id == str(old["id"])
        )
    ).all()
    assert "overlap_ended" not in [e.detail.get("change") for e in changes]
