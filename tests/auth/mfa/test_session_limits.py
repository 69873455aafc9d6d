"""Idle timeout, absolute lifetime, and fresh authentication for sensitive actions."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from riskpanel.models import ApiCredential, WebSession
from tests.auth.mfa.conftest import Clock, enrol, open_client, password_sign_in
from tests.fixtures import World
from tests.web.helpers import csrf, text

PROBLEM = "https://riskpanel.example/problems/"


def _last_seen(engine: Engine, user_id: int | None) -> list[object]:
    with Session(engine) as s:
        rows = s.exec(select(WebSession).where(WebSession.user_id == user_id)).all()
        return [r.last_seen_at for r in rows if r.ended_at is None]


def test_idle_sessions_end_after_thirty_minutes_and_any_after_twelve_hours(
    app: FastAPI, world: World, engine: Engine, clock: Clock, web: list[TestClient]
) -> None:
    client = enrol(open_client(web, app), "coordinator", clock).client
    start = clock.now
    user_id = world.users["coordinator"].id
    clock.advance(seconds=30)
    assert client.get("/dashboard").status_code == 200
    assert _last_seen(engine, user_id) == [start]  # stamped at most once a minute
    for _ in range(24):  # busy all day, a request every 29 minutes
        clock.advance(minutes=29)
        assert client.get("/dashboard", follow_redirects=False).status_code == 200
    assert _last_seen(engine, user_id) == [clock.now]
    clock.advance(minutes=29)
    assert clock.now - start > timedelta(hours=12)
    r = client.get("/dashboard", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/sign-in?next=")
    # idle: a new session, then 30 minutes without a request
    fresh = open_client(web, app)
    password_sign_in(fresh, "auditor")
    clock.advance(minutes=29, seconds=59)
    assert fresh.get("/sign-in/second-factor/set-up").status_code == 200
    clock.advance(minutes=30)
    r = fresh.get("/sign-in/second-factor/set-up", follow_redirects=False)
    assert r.headers["location"].startswith("/sign-in?")
    assert fresh.get("/api/v1/auth/me").status_code == 401


def test_issuing_a_key_needs_a_recent_sign_in_and_confirming_returns_to_the_page(
    app: FastAPI, world: World, engine: Engine, clock: Clock, web: list[TestClient]
) -> None:
    admin = enrol(open_client(web, app), "admin", clock)
    client = admin.client
    police = str(world.agencies["police"].id)
    form = {"agency_id": police, "name": "Records bridge", "expires_in_days": "30"}
    page = client.get("/admin/keys")
    r = client.post("/admin/keys", data={**form, "csrf_token": csrf(page.text)})
    assert r.status_code == 200 and 'id="issued-token"' in r.text  # just signed in: fresh
    clock.advance(minutes=11)
    page = client.get("/admin/keys")
    r = client.post(
        "/admin/keys",
        data={**form, "csrf_token": csrf(page.text)},
        headers={"referer": "http://testserver/admin/keys"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/sign-in/confirm?next=/admin/keys"
    api = client.post(
        f"/api/v1/agencies/{police}/keys",
        json={"name": "Stale"},
        headers={"X-CSRF-Token": csrf(page.text)},
    )
    assert api.status_code == 401
    assert api.json()["type"] == PROBLEM + "fresh-authentication-required"
    confirm = client.get(r.headers["location"])
    assert "Confirm it is you" in text(confirm.text)
    wrong = client.post(
        "/sign-in/confirm",
        data={"csrf_token": csrf(confirm.text), "password": "not it", "next": "/admin/keys"},
    )
    assert wrong.status_code == 422 and "Enter your correct password" in text(wrong.text)
    clock.advance(seconds=30)
    ok = client.post(
        "/sign-in/confirm",
        data={
            "csrf_token": csrf(confirm.text),
            "password": "correct horse battery staple",
            "code": clock.code(admin.secret),
            "next": "/admin/keys",
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303 and ok.headers["location"] == "/admin/keys"
    r = client.post("/admin/keys", data={**form, "csrf_token": csrf(page.text)})
    assert r.status_code == 200 and 'id="issued-token"' in r.text
    # an administrator's personal token is a bearer credential: unchanged
    r = TestClient(app).post(
        f"/api/v1/agencies/{police}/keys", json={"name": "By token"}, headers=world.headers("admin")
    )
    assert r.status_code == 201
    with Session(engine) as s:
        names = s.exec(select(ApiCredential.name).where(ApiCredential.agency_id == int(police)))
        made = list(names.all())
    assert made.count("Records bridge") == 2 and "Stale" not in made


def test_releasing_a_pack_needs_a_recent_sign_in(
    app: FastAPI, world: World, clock: Clock, web: list[TestClient]
) -> None:
    enrolled = enrol(open_client(web, app), "coordinator", clock)
    client = enrolled.client
    token = {"X-CSRF-Token": csrf(client.get("/dashboard").text)}
    clock.advance(minutes=11)
    r = client.post("/api/v1/scrutiny/packs/999999/release", json={}, headers=token)
    assert r.status_code == 401
    assert r.json()["type"] == PROBLEM + "fresh-authentication-required"
    clock.advance(seconds=30)
    body = {"password": "correct horse battery staple", "code": clock.code(enrolled.secret)}
    ok = client.post("/api/v1/auth/session/confirm", json=body, headers=token)
    assert ok.status_code == 200 and ok.json()["authenticated_at"] is not None
    r = client.post("/api/v1/scrutiny/packs/999999/release", json={}, headers=token)
    assert r.status_code in (404, 422)  # past the freshness check: the pack is not there


def test_a_role_the_route_refuses_gets_403_not_a_confirmation(
    app: FastAPI, world: World, clock: Clock, web: list[TestClient]
) -> None:
    client = enrol(open_client(web, app), "coordinator", clock).client
    token = {"X-CSRF-Token": csrf(client.get("/dashboard").text)}
    clock.advance(minutes=11)
    police = world.agencies["police"].id
    r = client.post(f"/api/v1/agencies/{police}/keys", json={"name": "x"}, headers=token)
    assert r.status_code == 403
