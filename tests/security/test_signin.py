"""Sign-in with a password: cookie flags, CSRF, throttling, expiry, disabled users."""

from __future__ import annotations

from datetime import timedelta
from http.cookies import SimpleCookie
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI, Form
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from riskpanel.access.csrf import SESSION_COOKIE, csrf_matches, require_csrf
from riskpanel.access.secrets import hash_secret
from riskpanel.api.access import allow
from riskpanel.auth import sessions, throttle
from riskpanel.config import Settings
from riskpanel.kit.errors import TooManyRequests
from riskpanel.kit.principal import Principal
from riskpanel.main import create_app
from riskpanel.models import AuditEvent, SignInThrottle, User, WebSession, utcnow
from tests.fixtures import World
from tests.web.helpers import hidden

PASSWORD = "correct horse battery staple"
SESSION = "/api/v1/auth/session"
ME = "/api/v1/auth/me"


def sign_in(client: TestClient, email: str = "coordinator@example.org", password: str = PASSWORD):
    return client.post(SESSION, json={"email": email, "password": password})


def set_cookie_attributes(response) -> dict[str, str]:
    header = response.headers["set-cookie"]
    cookie = SimpleCookie()
    cookie.load(header)
    morsel = cookie[SESSION_COOKIE]
    flags = {k.lower(): str(v) for k, v in morsel.items() if v}
    flags["raw"] = header
    return flags


def test_sign_in_sets_a_hardened_cookie_and_returns_the_csrf_token(
    client: TestClient, world: World, session: Session, settings: Settings
) -> None:
    r = sign_in(client)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["role"] == "coordinator" and body["authenticated_by"] == "session"
    assert body["csrf_token"] and body["session_expires_at"]
    flags = set_cookie_attributes(r)
    assert "httponly" in flags["raw"].lower()
    assert flags["samesite"].lower() == "lax"
    assert "secure" not in flags["raw"].lower()  # http base URL in tests
    assert flags["path"] == "/"
    assert int(flags["max-age"]) == pytest.approx(settings.session_max_age_seconds, abs=5)
    token = client.cookies[SESSION_COOKIE]
    stored = session.exec(select(WebSession)).one()
    assert stored.token_hash == hash_secret(token, settings.secret_key) != token
    me = client.get(ME)
    assert me.status_code == 200
    assert me.json()["csrf_token"] == body["csrf_token"]
    assert me.json()["user_id"] == world.users["coordinator"].id


def test_cookie_is_secure_on_https_deployments(world: World, settings: Settings) -> None:
    secure = settings.model_copy(update={"cookie_secure": True})
    with TestClient(create_app(secure), base_url="https://testserver") as c:
        r = sign_in(c)
    assert r.status_code == 201
    assert "secure" in set_cookie_attributes(r)["raw"].lower()


def test_unsafe_cookie_requests_need_the_csrf_token(client: TestClient, world: World) -> None:
    csrf = sign_in(client).json()["csrf_token"]
    r = client.delete(SESSION)
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["reason"] == "csrf"
    assert client.delete(SESSION, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert client.get(ME).status_code == 200  # safe methods need no token
    assert client.delete(SESSION, headers={"X-CSRF-Token": csrf}).status_code == 204
    assert client.get(ME).status_code == 401  # signed out: the session is over


def test_form_posts_may_carry_the_csrf_token_as_a_field(settings: Settings, world: World) -> None:
    app = create_app(settings)

    @app.post("/api/v1/test-form")
    def form_route(
        note: Annotated[str, Form()],
        principal: Annotated[Principal, Depends(allow("coordinator"))],
    ) -> dict[str, str]:
        return {"note": note, "by": principal.role}

    with TestClient(app) as c:
        csrf = sign_in(c).json()["csrf_token"]
        assert c.post("/api/v1/test-form", data={"note": "x"}).status_code == 403
        bad = c.post("/api/v1/test-form", data={"note": "x", "csrf_token": "nope"})
        assert bad.status_code == 403
        ok = c.post("/api/v1/test-form", data={"note": "x", "csrf_token": csrf})
        assert ok.status_code == 200 and ok.json() == {"note": "x", "by": "coordinator"}


def test_the_web_ui_can_check_form_tokens_itself() -> None:
    require_csrf(expected="abc", submitted="abc")
    for submitted in (None, "", "abd"):
        with pytest.raises(Exception, match="CSRF"):
            require_csrf(expected="abc", submitted=submitted)
    assert not csrf_matches(None, None)


def test_bearer_requests_need_no_csrf(client: TestClient, world: World) -> None:
    r = client.delete(SESSION, headers=world.headers("coordinator"))
    assert r.status_code == 204


def test_wrong_password_and_unknown_address_get_the_same_answer(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str | None] = []
    real = sessions.verify_password

    def spy(password: str, stored: str | None) -> bool:
        checked.append(stored)
        return real(password, stored)

    monkeypatch.setattr(sessions, "verify_password", spy)
    wrong = sign_in(client, password="not the password at all")
    unknown = sign_in(client, email="nobody@example.org")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    assert "set-cookie" not in wrong.headers
    # the unknown address still paid for a password hash (no timing difference to exploit)
    assert checked[0] is not None and checked[1] is None


def test_sign_in_is_throttled_per_account_with_retry_after(
    client: TestClient, world: World, settings: Settings, session: Session
) -> None:
    limit = settings.login_attempts_per_15_minutes
    for _ in range(limit):
        assert sign_in(client, password="wrong password here").status_code == 401
    blocked = sign_in(client)  # even the right password waits
    assert blocked.status_code == 429
    assert blocked.headers["content-type"] == "application/problem+json"
    assert 0 < int(blocked.headers["retry-after"]) <= 15 * 60
    assert sign_in(client, email="chair@example.org").status_code == 201  # other addresses
    rows = session.exec(select(SignInThrottle)).all()
    assert len(rows) == 3  # two accounts and one client address
    assert not any("example.org" in row.key or "testclient" in row.key for row in rows)


def test_a_success_resets_the_failure_count(client: TestClient, world: World) -> None:
    for _ in range(3):
        sign_in(client, password="wrong password here")
    assert sign_in(client).status_code == 201
    for _ in range(3):
        assert sign_in(client, password="wrong password here").status_code == 401
    assert sign_in(client).status_code == 201


def test_throttle_windows_are_fixed_and_reopen(session: Session, settings: Settings) -> None:
    start = utcnow()

    def attempt(minutes: float) -> throttle.Claim:
        return throttle.claim(
            session=session,
            email="Someone@Example.org ",
            address="192.0.2.1",
            key=settings.secret_key,
            per_account=3,
            per_address=100,
            now=start + timedelta(minutes=minutes),
        )

    for minutes in (0, 4, 9):
        attempt(minutes)
    with pytest.raises(TooManyRequests) as refused:
        attempt(14)
    assert refused.value.headers["Retry-After"] == "60"  # the window opened at 0 closes at 15
    taken = attempt(15)  # a new window: counted from one again
    throttle.settle(session=session, taken=taken)
    session.commit()
    rows = {r.key: r.attempts for r in session.exec(select(SignInThrottle)).all()}
    assert rows == {taken.account_key: 0, taken.address_key: 0}


def test_the_address_limit_holds_across_accounts(session: Session, settings: Settings) -> None:
    def attempt(n: int) -> throttle.Claim:
        return throttle.claim(
            session=session,
            email=f"person{n}@example.org",
            address="192.0.2.9",
            key=settings.secret_key,
            per_account=5,
            per_address=4,
        )

    for n in range(4):
        attempt(n)
    with pytest.raises(TooManyRequests):
        attempt(99)


def test_disabling_a_user_ends_their_cookie_session_at_once(
    client: TestClient, world: World, session: Session
) -> None:
    assert sign_in(client).status_code == 201
    user = session.get(User, world.users["coordinator"].id)
    assert user is not None
    user.active = False
    session.add(user)
    session.commit()
    assert client.get(ME).status_code == 401
    assert sign_in(client).status_code == 401


def test_sessions_expire(client: TestClient, world: World, session: Session) -> None:
    assert sign_in(client).status_code == 201
    row = session.exec(select(WebSession)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()
    assert client.get(ME).status_code == 401


def test_signing_in_again_replaces_the_session(
    client: TestClient, world: World, session: Session
) -> None:
    sign_in(client)
    first = client.cookies[SESSION_COOKIE]
    csrf = client.get(ME).json()["csrf_token"]
    r = client.post(
        SESSION,
        json={"email": "coordinator@example.org", "password": PASSWORD},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status_code == 201
    assert client.cookies[SESSION_COOKIE] != first
    rows = session.exec(select(WebSession).order_by(WebSession.id)).all()
    assert rows[0].ended_at is not None and rows[1].ended_at is None


def test_sign_in_without_csrf_but_with_a_cookie_proceeds_as_anonymous(
    client: TestClient, world: World
) -> None:
    sign_in(client)
    assert sign_in(client, email="chair@example.org").status_code == 201
    assert client.get(ME).json()["role"] == "chair"


def test_sign_in_and_out_are_in_the_access_log(
    client: TestClient, world: World, session: Session
) -> None:
    csrf = sign_in(client).json()["csrf_token"]
    sign_in(client, password="wrong password here")
    client.delete(SESSION, headers={"X-CSRF-Token": csrf})
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "sign_in")).all()
    assert [e.detail["outcome"] for e in events] == ["signed_in", "failed", "signed_out"]
    assert all(e.purpose == "authentication" for e in events)
    assert all("coordinator@example.org" not in str(e.model_dump()) for e in events)


def test_people_without_a_password_cannot_sign_in(
    client: TestClient, world: World, session: Session
) -> None:
    user = session.get(User, world.users["auditor"].id)
    assert user is not None
    user.password_hash = None
    session.add(user)
    session.commit()
    assert sign_in(client, email="auditor@example.org").status_code == 401


def test_bad_sign_in_input_is_refused(client: TestClient, world: World) -> None:
    assert client.post(SESSION, json={"email": "a@b.c"}).status_code == 422
    assert client.post(SESSION, json={"email": "x", "password": "y"}).status_code == 422
    extra = client.post(SESSION, json={"email": "a@b.c", "password": "y", "role": "admin"})
    assert extra.status_code == 422


def test_expired_sessions_and_old_attempts_are_purged(
    session: Session, world: World, settings: Settings
) -> None:
    now = utcnow()
    session.add(SignInThrottle(key="x", window_started_at=now - timedelta(minutes=16)))
    session.add(SignInThrottle(key="y", window_started_at=now - timedelta(minutes=14)))
    session.add(
        WebSession(
            token_hash="t",
            csrf_token="c",
            user_id=world.users["chair"].id or 0,
            expires_at=now - timedelta(days=40),
        )
    )
    session.commit()
    assert sessions.purge(session=session, now=now) == 2
    session.commit()
    assert [a.key for a in session.exec(select(SignInThrottle)).all()] == ["y"]


def test_oidc_style_resolver_can_replace_the_cookie_resolver(
    settings: Settings, world: World
) -> None:
    app: FastAPI = create_app(settings)
    chair = world.users["chair"]
    app.state.cookie_principal = lambda request, session: (
        Principal(role="chair", label="via OIDC", user_id=chair.id, panel_id=chair.panel_id)
        if request.headers.get("x-test-idp") == "ok"
        else None
    )
    with TestClient(app) as c:
        assert c.get(ME).status_code == 401
        r = c.get(ME, headers={"x-test-idp": "ok"})
    assert r.status_code == 200 and r.json()["label"] == "via OIDC"


def test_the_web_form_counts_attempts_the_same_way(
    client: TestClient, world: World, settings: Settings
) -> None:
    token = hidden(client.get("/sign-in").text, "signin_token")

    def post(password: str):
        form = {"email": "chair@example.org", "password": password, "signin_token": token}
        return client.post("/sign-in", data=form, follow_redirects=False)

    for _ in range(settings.login_attempts_per_15_minutes):
        assert post("wrong password here").status_code == 401
    blocked = post(PASSWORD)
    assert blocked.status_code == 429
    assert "Too many sign-in attempts" in blocked.text
    assert 0 < int(blocked.headers["retry-after"]) <= 15 * 60
    assert SESSION_COOKIE not in client.cookies


def test_production_hashes_passwords_with_argon2id_at_full_cost() -> None:
    """The suite hashes with cheap test-only parameters (tests/conftest.py); the product's
    own hasher keeps the argon2 library's defaults (RFC 9106's low-memory choice)."""
    from argon2 import PasswordHasher, Type

    from tests.conftest import PRODUCTION_HASHER, TEST_HASHER

    default = PasswordHasher()
    assert PRODUCTION_HASHER.type is Type.ID
    assert PRODUCTION_HASHER.time_cost == default.time_cost >= 2
    assert PRODUCTION_HASHER.memory_cost == default.memory_cost >= 19 * 1024
    assert PRODUCTION_HASHER.parallelism == default.parallelism
    assert PRODUCTION_HASHER.verify(PRODUCTION_HASHER.hash(PASSWORD), PASSWORD)
    assert TEST_HASHER.type is Type.ID and TEST_HASHER is not PRODUCTION_HASHER
