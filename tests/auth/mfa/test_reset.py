"""An administrator resets a person's second factor: audited, the person told, sessions end."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import (
    AuditEvent,
    Notification,
    RecoveryCode,
    SecondFactor,
    SecondFactorReset,
    WebSession,
)
from tests.auth.mfa.conftest import Clock, enrol, open_client, password_sign_in
from tests.fixtures import World
from tests.web.helpers import csrf, text


def test_admin_resets_through_the_page_and_the_person_sets_up_again(
    app: FastAPI, world: World, engine: Engine, clock: Clock, web: list[TestClient]
) -> None:
    officer = enrol(open_client(web, app), "housing_officer", clock)
    admin = enrol(open_client(web, app), "admin", clock).client
    officer_id = world.users["housing_officer"].id
    page = admin.get(f"/admin/users/{officer_id}/second-factor")
    assert page.status_code == 200
    assert "Recovery codes left 10" in text(page.text)
    r = admin.post(
        f"/admin/users/{officer_id}/second-factor/reset",
        data={"csrf_token": csrf(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "Second factor reset" in text(admin.get(r.headers["location"]).text)
    # the person's session has ended
    assert (
        officer.client.get("/actions", follow_redirects=False)
        .headers["location"]
        .startswith("/sign-in?")
    )
    with Session(engine) as s:
        assert s.get(SecondFactor, officer_id) is None
        assert not s.exec(select(RecoveryCode).where(RecoveryCode.user_id == officer_id)).all()
        live = s.exec(
            select(WebSession).where(
                WebSession.user_id == officer_id, col(WebSession.ended_at).is_(None)
            )
        ).all()
        assert live == []
        note = s.exec(select(Notification).where(Notification.user_id == officer_id)).one()
        assert note.kind == "account.second_factor_reset" and note.channel == "email"
        event = s.exec(
            select(AuditEvent)
            .where(AuditEvent.action == "administration", AuditEvent.subject_id == str(officer_id))
            .order_by(col(AuditEvent.id).desc())
        ).first()
        assert event is not None and event.detail["outcome"] == "second_factor_reset"
        assert event.actor_user_id == world.users["admin"].id
    # at the next sign-in: set it up again, with the reset shown once
    again = open_client(web, app)
    password_sign_in(again, "housing_officer")
    page = again.get("/sign-in/second-factor/set-up")
    assert "An administrator reset your second factor" in text(page.text)
    clock.advance(seconds=30)
    from tests.auth.mfa.conftest import secret_on

    r = again.post(
        "/sign-in/second-factor/set-up",
        data={"csrf_token": csrf(page.text), "code": clock.code(secret_on(page.text))},
    )
    assert r.status_code == 200
    with Session(engine) as s:
        seen = s.exec(select(SecondFactorReset).where(SecondFactorReset.user_id == officer_id))
        assert seen.one().acknowledged_at == clock.now


def test_reset_over_the_api_and_nobody_resets_their_own(
    app: FastAPI, world: World, engine: Engine, clock: Clock
) -> None:
    api = TestClient(app)
    target = world.users["chair"].id
    r = api.post(f"/api/v1/users/{target}/second-factor/reset", headers=world.headers("admin"))
    assert r.status_code == 200 and r.json()["user_id"] == target
    own = world.users["admin"].id
    r = api.post(f"/api/v1/users/{own}/second-factor/reset", headers=world.headers("admin"))
    assert r.status_code == 403
    r = api.post(
        f"/api/v1/users/{target}/second-factor/reset", headers=world.headers("coordinator")
    )
    assert r.status_code == 403
    with Session(engine) as s:
        resets = s.exec(select(SecondFactorReset)).all()
    assert [x.user_id for x in resets] == [target]
