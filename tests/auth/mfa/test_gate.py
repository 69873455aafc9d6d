"""The gate: a session short of its second factor reaches only the second-factor pages and
sign-out; API calls with its cookie get problem+json; bearer credentials are unchanged."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from riskpanel.access.csrf import SESSION_COOKIE
from riskpanel.auth import sessions
from riskpanel.config import Settings
from riskpanel.models import ApiCredential, User, utcnow
from tests.auth.mfa.conftest import Clock, enrol, open_client, password_sign_in
from tests.fixtures import World
from tests.web.helpers import PASSWORD, csrf

PROBLEM = "https://riskpanel.example/problems/"


def _api_sign_in(client: TestClient, actor: str) -> dict[str, object]:
    r = client.post(
        "/api/v1/auth/session", json={"email": f"{actor}@example.org", "password": PASSWORD}
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_pages_send_a_half_signed_in_person_to_the_code_page(
    app: FastAPI, world: World, clock: Clock, web: list[TestClient]
) -> None:
    enrol(open_client(web, app), "coordinator", clock)
    client = open_client(web, app)
    password_sign_in(client, "coordinator", next_path="/cases")
    for path in ("/cases", "/referrals", "/meetings"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303
        assert r.headers["location"] == f"/sign-in/second-factor?next={path}"
    # a form posted from a page goes back to that page afterwards
    page = client.get("/sign-in/second-factor")
    r = client.post(
        "/scrutiny/review/new",
        data={"csrf_token": csrf(page.text)},
        headers={"referer": "http://testserver/cases?page=2"},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/sign-in/second-factor?next=/cases%3Fpage%3D2"
    # the sign-in page treats the half-signed-in person as signed out
    assert client.get("/sign-in").status_code == 200
    # sign-out works before the second factor
    r = client.post("/sign-out", data={"csrf_token": csrf(page.text)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/sign-in?notice=signed-out"


def test_the_api_refuses_the_cookie_until_the_code_and_bearer_tokens_are_unchanged(
    app: FastAPI, world: World, clock: Clock, web: list[TestClient]
) -> None:
    enrolled = enrol(open_client(web, app), "coordinator", clock)
    client = open_client(web, app)
    signed = _api_sign_in(client, "coordinator")
    assert signed["second_factor_required"] is True
    token = {"X-CSRF-Token": str(signed["csrf_token"])}
    for method, path in (("GET", "/api/v1/cases"), ("GET", "/api/v1/auth/me")):
        r = client.request(method, path)
        assert r.status_code == 401
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["type"] == PROBLEM + "second-factor-required"
    r = client.post("/api/v1/auth/tokens", json={"name": "script"}, headers=token)
    assert r.status_code == 401  # no personal token before the second factor
    wrong = client.post(
        "/api/v1/auth/session/second-factor", json={"code": "000000"}, headers=token
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "code"
    clock.advance(seconds=30)
    ok = client.post(
        "/api/v1/auth/session/second-factor",
        json={"code": clock.code(enrolled.secret)},
        headers=token,
    )
    assert ok.status_code == 200 and ok.json()["method"] == "totp"
    assert client.get("/api/v1/cases").status_code == 200
    assert client.get("/api/v1/auth/me").json()["second_factor_required"] is False
    # an API key or personal token never meets the second factor
    bearer = TestClient(app)
    assert bearer.get("/api/v1/cases", headers=world.headers("coordinator")).status_code == 200
    assert bearer.get("/api/v1/cases", headers=world.headers("police_system")).status_code == 200


def test_a_personal_token_comes_only_from_a_session_that_passed_the_second_factor(
    app: FastAPI, world: World, engine: Engine, clock: Clock, web: list[TestClient]
) -> None:
    enrolled = enrol(open_client(web, app), "auditor", clock)
    headers = {"X-CSRF-Token": csrf(enrolled.client.get("/audit").text)}
    r = enrolled.client.post(
        "/api/v1/auth/tokens", json={"name": "Log export", "expires_in_days": 7}, headers=headers
    )
    assert r.status_code == 201, r.text
    token = r.json()["token"]
    assert (
        TestClient(app)
        .get("/api/v1/audit", headers={"Authorization": f"Bearer {token}"})
        .status_code
        == 200
    )
    # a token cannot make another token: there is no session behind it
    r = TestClient(app).post(
        "/api/v1/auth/tokens",
        json={"name": "again"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 403
    with Session(engine) as s:
        made = s.exec(
            select(ApiCredential).where(
                ApiCredential.user_id == world.users["auditor"].id,
                ApiCredential.name == "Log export",
            )
        ).all()
    assert len(made) == 1 and made[0].kind == "personal_token"
    assert made[0].secret_hash != token


def test_an_sso_session_passes_when_its_provider_asked_for_a_second_factor(
    app: FastAPI, world: World, session: Session, settings: Settings
) -> None:
    """The shared contract with single sign-on: ``mfa_verified_at`` set from the provider's
    ``amr`` passes the gate; an SSO session without it is asked for a code like any other."""
    user = session.get(User, world.users["police_officer"].id)
    assert user is not None
    tokens = {}
    for amr, verified in (("pwd mfa", utcnow()), ("pwd", None)):
        signed = sessions.open_session(
            session=session, user=user, key=settings.secret_key, max_age_seconds=3600
        )
        signed.web_session.auth_method = "oidc"
        signed.web_session.amr = amr
        signed.web_session.mfa_verified_at = verified
        session.add(signed.web_session)
        tokens[amr] = signed.session_token
    session.commit()
    passed = TestClient(app, cookies={SESSION_COOKIE: tokens["pwd mfa"]})
    assert passed.get("/api/v1/actions").status_code == 200
    asked = TestClient(app, cookies={SESSION_COOKIE: tokens["pwd"]})
    r = asked.get("/api/v1/actions")
    assert r.status_code == 401 and r.json()["type"] == PROBLEM + "second-factor-required"
    r = asked.get("/actions", follow_redirects=False)
    assert r.headers["location"] == "/sign-in/second-factor?next=/actions"
