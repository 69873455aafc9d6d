"""User administration: create, list, change with If-Match, disable ends everything."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner

from riskpanel.cli import app as cli_app
from riskpanel.config import Settings, get_settings
from riskpanel.models import ApiCredential, AuditEvent, WebSession
from tests.fixtures import World

USERS = "/api/v1/users"
PASSWORD = "correct horse battery staple"


def admin(world: World, **extra: str) -> dict[str, str]:
    return world.headers("admin", **extra)


def read(client: TestClient, world: World, user_id: int) -> tuple[dict, str]:
    r = client.get(f"{USERS}/{user_id}", headers=admin(world))
    assert r.status_code == 200
    return r.json(), r.headers["etag"]


def test_create_list_and_read_users(client: TestClient, world: World) -> None:
    body = {
        "email": "New.Officer@Example.org",
        "display_name": "New Officer",
        "role": "agency",
        "agency_id": world.agencies["housing"].id,
    }
    r = client.post(USERS, json=body, headers=admin(world))
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["email"] == "new.officer@example.org" and not created["has_password"]
    assert "password" not in created and "password_hash" not in created
    assert created["awaiting_approval"] and not created["active"]
    assert "/invitations/" in created["invitation"]["link"]
    assert r.headers["etag"].startswith(f'"user-{created["id"]}-')
    assert client.post(USERS, json=body, headers=admin(world)).status_code == 409
    page = client.get(USERS, params={"role": "agency", "limit": 2}, headers=admin(world)).json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = client.get(
        USERS, params={"role": "agency", "cursor": page["next_cursor"]}, headers=admin(world)
    ).json()
    emails = {u["email"] for u in page["items"] + rest["items"]}
    assert "new.officer@example.org" in emails and rest["next_cursor"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "agency"}, "agency_id"),
        ({"role": "coordinator", "panel_id": 999999}, "panel_id"),
        ({"role": "agency_client"}, "role"),
        ({"role": "chair", "password": "short"}, "password"),
        ({"role": "chair", "is_admin": True}, "is_admin"),
    ],
)
def test_bad_users_are_refused(client: TestClient, world: World, body: dict, field: str) -> None:
    r = client.post(
        USERS, json={"email": "x@example.org", "display_name": "X", **body}, headers=admin(world)
    )
    assert r.status_code == 422
    assert field in r.text


def test_changes_need_the_current_etag(client: TestClient, world: World) -> None:
    user_id = world.users["chair"].id or 0
    _, etag = read(client, world, user_id)
    url = f"{USERS}/{user_id}"
    assert client.patch(url, json={"display_name": "A"}, headers=admin(world)).status_code == 428
    ok = client.patch(url, json={"display_name": "A"}, headers=admin(world, **{"If-Match": etag}))
    assert ok.status_code == 200 and ok.json()["display_name"] == "A"
    stale = client.patch(
        url, json={"display_name": "B"}, headers=admin(world, **{"If-Match": etag})
    )
    assert stale.status_code == 412
    assert ok.headers["etag"] != etag


def test_disabling_ends_sessions_and_revokes_tokens(
    client: TestClient, world: World, session: Session
) -> None:
    signed = client.post(
        "/api/v1/auth/session", json={"email": "chair@example.org", "password": PASSWORD}
    )
    assert signed.status_code == 201
    cookie = dict(client.cookies)
    client.cookies.clear()
    user_id = world.users["chair"].id or 0
    _, etag = read(client, world, user_id)
    r = client.patch(
        f"{USERS}/{user_id}", json={"active": False}, headers=admin(world, **{"If-Match": etag})
    )
    assert r.status_code == 200 and r.json()["active"] is False and r.json()["disabled_at"]
    assert client.get("/api/v1/cases", headers=world.headers("chair")).status_code == 401
    client.cookies.update(cookie)
    assert client.get("/api/v1/auth/me").status_code == 401
    client.cookies.clear()
    assert session.exec(select(WebSession)).one().ended_at is not None
    token = session.exec(select(ApiCredential).where(ApiCredential.user_id == user_id)).one()
    assert token.revoked_at is not None
    event = session.exec(
        select(AuditEvent).where(
            AuditEvent.subject_type == "user", AuditEvent.subject_id == str(user_id)
        )
    ).all()[-1]
    assert event.detail == {"change": "disabled", "sessions_ended": 1, "tokens_revoked": 1}
    _, etag = read(client, world, user_id)
    again = client.patch(
        f"{USERS}/{user_id}", json={"active": True}, headers=admin(world, **{"If-Match": etag})
    )
    assert again.json()["active"] is True
    assert client.get("/api/v1/cases", headers=world.headers("chair")).status_code == 401


def test_admins_cannot_lock_themselves_out(client: TestClient, world: World) -> None:
    me = world.users["admin"].id or 0
    _, etag = read(client, world, me)
    for change in ({"active": False}, {"role": "auditor"}):
        r = client.patch(f"{USERS}/{me}", json=change, headers=admin(world, **{"If-Match": etag}))
        assert r.status_code == 409


def test_user_changes_are_audited_by_field_name_only(
    client: TestClient, world: World, session: Session
) -> None:
    user_id = world.users["scrutiny"].id or 0
    _, etag = read(client, world, user_id)
    r = client.patch(
        f"{USERS}/{user_id}",
        json={"display_name": "Renamed Member", "password": "another long password"},
        headers=admin(world, **{"If-Match": etag}),
    )
    assert r.status_code == 422  # nobody sets another person's password
    assert r.json()["errors"][0]["field"] == "password"
    r = client.patch(
        f"{USERS}/{user_id}",
        json={"display_name": "Renamed Member"},
        headers=admin(world, **{"If-Match": etag}),
    )
    assert r.status_code == 200
    event = session.exec(
        select(AuditEvent).where(
            AuditEvent.subject_type == "user", AuditEvent.subject_id == str(user_id)
        )
    ).one()
    assert event.action == "administration" and event.detail["change"] == "updated"
    assert sorted(event.fields) == ["display_name"]
    assert "Renamed Member" not in str(event.model_dump())


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("RISKPANEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("RISKPANEL_SECRET_KEY", settings.secret_key)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_users_cli_list_and_disable(cli: CliRunner, client: TestClient, world: World) -> None:
    listed = cli.invoke(cli_app, ["users", "list"])
    assert listed.exit_code == 0 and "police_officer@example.org" in listed.output
    user_id = str(world.users["police_officer"].id)
    r = cli.invoke(cli_app, ["users", "disable", user_id])
    assert r.exit_code == 0, r.output
    assert client.get("/api/v1/cases", headers=world.headers("police_officer")).status_code == 401
    assert "police_officer@example.org" not in cli.invoke(cli_app, ["users", "list"]).output
    assert "police_officer" in cli.invoke(cli_app, ["users", "list", "--all", "--json"]).output
    assert cli.invoke(cli_app, ["users", "enable", user_id]).exit_code == 0
    assert cli.invoke(cli_app, ["users", "disable", "999999"]).exit_code != 0


def test_the_last_admin_stays(cli: CliRunner, world: World) -> None:
    r = cli.invoke(cli_app, ["users", "disable", str(world.users["admin"].id)])
    assert r.exit_code != 0 and "last active admin" in str(r.exception)
