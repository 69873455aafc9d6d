"""TOTP with a held clock: enrolment, wrong and replayed codes, recovery codes, the limit."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import AuditEvent, RecoveryCode, SecondFactor, User
from tests.auth.mfa.conftest import (
    Clock,
    enrol,
    open_client,
    pass_code,
    password_sign_in,
    recovery_codes_on,
    secret_on,
)
from tests.fixtures import World
from tests.web.helpers import csrf, summary_links, text


def _outcomes(engine: Engine, user_id: int | None) -> list[str]:
    with Session(engine) as s:
        events = s.exec(
            select(AuditEvent)
            .where(AuditEvent.actor_user_id == user_id, AuditEvent.action == "sign_in")
            .order_by(col(AuditEvent.id))
        ).all()
        return [str((e.detail or {}).get("outcome")) for e in events]


def test_first_sign_in_sets_up_the_app_and_shows_recovery_codes_once(
    app: FastAPI, world: World, engine: Engine, clock: Clock, web: list[TestClient]
) -> None:
    client = open_client(web, app)
    r = password_sign_in(client, "coordinator")
    assert r.headers["location"] == "/dashboard"
    # every page sends the half-signed-in person to the second factor, then to set it up
    r = client.get("/dashboard", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/sign-in/second-factor?next=/dashboard"
    r = client.get(r.headers["location"], follow_redirects=False)
    assert r.headers["location"] == "/sign-in/second-factor/set-up?next=/dashboard"
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    assert '<img src="data:image/svg+xml' in page.text
    secret = secret_on(page.text)
    assert len(secret) == 32
    # a wrong code: the error summary links to the field
    wrong = client.post(
        "/sign-in/second-factor/set-up",
        data={"csrf_token": csrf(page.text), "code": "000000", "next": "/dashboard"},
    )
    assert wrong.status_code == 422
    assert summary_links(wrong.text) == ["f-code"]
    assert "Enter a correct code" in text(wrong.text)
    assert secret_on(wrong.text) == secret  # the same secret until a first code is typed
    done = client.post(
        "/sign-in/second-factor/set-up",
        data={"csrf_token": csrf(page.text), "code": clock.code(secret), "next": "/dashboard"},
    )
    assert done.status_code == 200
    codes = recovery_codes_on(done.text)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert 'href="/dashboard"' in done.text
    assert client.get("/dashboard").status_code == 200
    # never shown again
    again = client.get("/sign-in/second-factor/set-up", follow_redirects=False)
    assert again.status_code == 303 and secret not in again.text
    user = world.users["coordinator"]
    with Session(engine) as s:
        factor = s.get(SecondFactor, user.id)
        assert factor is not None and factor.confirmed_at == clock.now
        assert secret not in factor.secret_sealed
        hashes = s.exec(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id))
        stored = set(hashes.all())
    assert len(stored) == 10 and not stored & {c.replace("-", "") for c in codes}
    assert _outcomes(engine, user.id)[-3:] == [
        "signed_in",
        "enrolment_failed",
        "second_factor_enrolled",
    ]


def test_a_code_is_refused_when_wrong_or_replayed_inside_its_window(
    app: FastAPI, world: World, engine: Engine, clock: Clock, web: list[TestClient]
) -> None:
    enrolled = enrol(open_client(web, app), "chair", clock)
    used = clock.code(enrolled.secret)  # the set-up code used this step
    second = open_client(web, app)
    password_sign_in(second, "chair")
    replay = pass_code(second, used)
    assert replay.status_code == 422 and "Enter a correct code" in text(replay.text)
    assert pass_code(second, "123456").status_code == 422
    # the previous step's code is inside the window but older than the step used: refused
    assert pass_code(second, clock.code(enrolled.secret, steps=-1)).status_code == 422
    clock.advance(seconds=30)
    ok = pass_code(second, clock.code(enrolled.secret))
    assert ok.status_code == 303 and ok.headers["location"] == "/dashboard"
    assert second.get("/dashboard").status_code == 200
    # the same code, in a third session, inside its 90-second window: a replay
    third = open_client(web, app)
    password_sign_in(third, "chair")
    assert pass_code(third, clock.code(enrolled.secret)).status_code == 422
    # a phone a step behind (valid_window 1): its code is accepted once the step is new
    clock.advance(seconds=60)
    assert pass_code(third, clock.code(enrolled.secret, steps=-1)).status_code == 303
    outcomes = _outcomes(engine, world.users["chair"].id)
    assert outcomes.count("second_factor_failed") == 4
    assert outcomes.count("second_factor_passed:totp") == 2


def test_a_recovery_code_works_once(
    app: FastAPI, world: World, engine: Engine, clock: Clock, web: list[TestClient]
) -> None:
    enrolled = enrol(open_client(web, app), "police_officer", clock)
    code = enrolled.recovery_codes[3]
    first = open_client(web, app)
    password_sign_in(first, "police_officer")
    r = pass_code(first, code.upper().replace("-", " "))  # typed loosely: still the code
    assert r.status_code == 303
    assert first.get("/actions").status_code == 200
    second = open_client(web, app)
    password_sign_in(second, "police_officer")
    assert pass_code(second, code).status_code == 422
    with Session(engine) as s:
        unused = s.exec(
            select(RecoveryCode).where(
                RecoveryCode.user_id == world.users["police_officer"].id,
                col(RecoveryCode.used_at).is_(None),
            )
        ).all()
    assert len(unused) == 9


def test_five_wrong_codes_end_the_session(
    app: FastAPI, world: World, engine: Engine, clock: Clock, web: list[TestClient]
) -> None:
    enrol(open_client(web, app), "scrutiny", clock)
    client = open_client(web, app)
    password_sign_in(client, "scrutiny")
    for _ in range(4):
        assert pass_code(client, "111111").status_code == 422
    page = client.get("/sign-in/second-factor")
    r = client.post(
        "/sign-in/second-factor",
        data={"csrf_token": csrf(page.text), "code": "111111"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/sign-in?notice=too-many-codes"
    assert (
        client.get("/scrutiny", follow_redirects=False).headers["location"].startswith("/sign-in?")
    )
    with Session(engine) as s:
        user = s.get(User, world.users["scrutiny"].id)
        factor = s.get(SecondFactor, world.users["scrutiny"].id)
    assert user is not None and user.active
    assert factor is not None and factor.failed_attempts == 0
