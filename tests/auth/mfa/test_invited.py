"""An invited person, with the second factor required: the link sets their password, and the
session it opens reaches nothing but the authenticator set-up until a code is passed."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.auth.mfa.conftest import open_client
from tests.fixtures import World
from tests.security.test_invitations import accept, invite


def test_an_invited_person_sets_a_password_then_sets_up_the_second_factor(
    client: TestClient, world: World, app: FastAPI, web: list[TestClient]
) -> None:
    created = invite(client, world, approved=True)
    visitor = open_client(web, app)
    r = accept(visitor, created["invitation"]["link"])
    assert r.status_code == 303
    landed = visitor.get(r.headers["location"])
    assert landed.status_code == 200
    assert "/sign-in/second-factor" in str(landed.url)
    assert "Set up your authenticator app" in landed.text
    me = visitor.get("/api/v1/auth/me")
    assert me.status_code == 401
    assert me.json()["type"].endswith("/second-factor-required")
    users = visitor.get("/admin/users", follow_redirects=False)
    assert users.status_code in (302, 303)
    assert users.headers["location"].startswith("/sign-in/second-factor")
