"""What else holds for single sign-on: a provider tied to one agency, and the sign-in
throttle, which counts SSO attempts as it counts password attempts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from riskpanel.config import Settings
from riskpanel.main import create_app
from riskpanel.models import AuditEvent, OidcLogin, WebSession, utcnow
from riskpanel.timers.service import tick
from tests.auth.oidc.conftest import providers_file, through_provider
from tests.auth.oidc.provider import TestProvider
from tests.fixtures import World
from tests.web.helpers import text
from tests.web.live import free_port


def _client(settings: Settings, tmp_path: Path, issuer: str, **changes: object) -> TestClient:
    extra = {k: str(v) for k, v in changes.items() if k == "agency"}
    values = {
        **settings.model_dump(),
        "oidc_providers_file": providers_file(tmp_path, issuer, **extra),
    }
    values.update({k: v for k, v in changes.items() if k != "agency"})
    return TestClient(create_app(Settings.model_validate(values)), raise_server_exceptions=False)


@pytest.fixture
def housing_only(
    settings: Settings, tmp_path: Path, provider: TestProvider
) -> Iterator[TestClient]:
    with _client(settings, tmp_path, provider.issuer, agency="Test Housing") as client:
        yield client


def test_a_provider_tied_to_an_agency_signs_in_only_its_people(
    housing_only: TestClient, world: World, provider: TestProvider, session: Session
) -> None:
    refused = through_provider(housing_only)
    assert refused.status_code == 403
    assert "belongs to another organisation" in text(refused.text)
    provider.person.sub, provider.person.email = "op-housing", "housing_officer@example.org"
    assert through_provider(housing_only).status_code == 303
    users = {s.user_id for s in session.exec(select(WebSession)).all()}
    assert users == {world.users["housing_officer"].id}


def test_refused_sso_attempts_count_against_the_throttle(
    settings: Settings, tmp_path: Path, world: World, provider: TestProvider, session: Session
) -> None:
    provider.person.email = "not.registered@example.org"
    with _client(settings, tmp_path, provider.issuer, login_attempts_per_15_minutes=2) as client:
        assert [through_provider(client).status_code for _ in range(2)] == [403, 403]
        third = through_provider(client)
        assert third.status_code == 429
        assert "Too many sign-in attempts" in text(third.text)
        assert int(third.headers["retry-after"]) > 0
        provider.person.email = "police_officer@example.org"  # another account: not held back
        assert through_provider(client).status_code == 303
    refusals = [
        e.detail.get("reason")
        for e in session.exec(select(AuditEvent)).all()
        if e.detail.get("outcome") == "refused"
    ]
    assert refusals == ["email_unknown", "email_unknown"]  # the throttled one was not judged


def test_tick_forgets_sign_ins_left_unfinished(
    client: TestClient, engine: Engine, provider: TestProvider, session: Session
) -> None:
    for _ in range(2):
        assert client.get("/sign-in/oidc/testshire-police", follow_redirects=False).is_redirect
    old = session.exec(select(OidcLogin)).first()
    assert old is not None
    old.created_at = utcnow() - timedelta(days=2)
    session.add(old)
    session.commit()
    report = tick(engine)
    assert report.jobs["sso_login_purge"] == 1
    session.rollback()
    assert len(session.exec(select(OidcLogin)).all()) == 1


def test_a_provider_that_cannot_be_reached_gets_a_clear_page(
    settings: Settings, tmp_path: Path, session: Session
) -> None:
    with _client(settings, tmp_path, f"http://127.0.0.1:{free_port()}") as client:
        r = client.get("/sign-in/oidc/testshire-police", follow_redirects=False)
    assert r.status_code == 502
    assert "could not be reached" in text(r.text)
    assert session.exec(select(OidcLogin)).all() == []
