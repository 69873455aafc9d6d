"""Signing in through an agency's identity provider, against a real provider over HTTP
(tests/auth/oidc/provider.py): what is recorded, and every way the sign-in is refused."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from riskpanel.access.csrf import SESSION_COOKIE
from riskpanel.auth import service as auth
from riskpanel.models import AuditEvent, OidcIdentity, OidcLogin, User, WebSession, utcnow
from tests.auth.oidc.conftest import LABEL, SLUG, through_provider
from tests.auth.oidc.provider import TestProvider, new_key
from tests.fixtures import World
from tests.web.helpers import text

CALLBACK = f"/sign-in/oidc/{SLUG}/callback"


def _sessions(session: Session, user: User) -> list[WebSession]:
    session.rollback()  # a fresh read: the app has committed since
    return list(
        session.exec(
            select(WebSession).where(WebSession.user_id == user.id).order_by(col(WebSession.id))
        )
    )


def _sso_events(session: Session) -> list[AuditEvent]:
    session.rollback()
    events = session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all()
    return [e for e in events if e.detail.get("method") == "oidc" or e.action == "sign_in"]


def _refusals(session: Session) -> list[str]:
    events = _sso_events(session)
    return [e.detail["reason"] for e in events if e.detail.get("outcome") == "refused"]


def _assert_refused(r: httpx.Response, status: int, words: str) -> None:
    assert r.status_code == status, r.text
    page = text(r.text)
    assert f"You cannot sign in with {LABEL}" in page
    assert words in page
    assert SESSION_COOKIE not in r.headers.get("set-cookie", "")
    for engine_word in ("nonce", "state", "token", "issuer", "oidc", "_"):
        assert engine_word not in page.lower(), engine_word


def test_the_sign_in_page_offers_the_provider(client: TestClient) -> None:
    page = client.get("/sign-in?next=/actions")
    assert f"Sign in with {LABEL}" in text(page.text)
    assert f'href="/sign-in/oidc/{SLUG}?next=/actions"' in page.text


def test_first_sign_in_links_by_verified_email_and_opens_a_session(
    client: TestClient, world: World, provider: TestProvider, session: Session
) -> None:
    r = through_provider(client)
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/agency"
    assert SESSION_COOKIE in client.cookies
    home = client.get("/agency")
    assert home.status_code == 200 and "Police Officer" in text(home.text)

    officer = world.users["police_officer"]
    links = session.exec(select(OidcIdentity)).all()
    assert [(i.issuer, i.subject, i.user_id, i.provider) for i in links] == [
        (provider.issuer, "op-subject-1", officer.id, SLUG)
    ]
    (web_session,) = _sessions(session, officer)
    assert web_session.auth_method == "oidc"
    assert web_session.amr == "pwd"
    assert web_session.acr is None
    assert web_session.authenticated_at is not None
    assert web_session.mfa_verified_at is None  # a password alone at the provider
    outcomes = [(e.detail.get("outcome"), e.subject_id) for e in _sso_events(session)]
    assert outcomes == [("linked", str(officer.id)), ("signed_in", str(officer.id))]
    assert provider.discovery_fetches == 1 and provider.jwks_fetches == 1

    # Later sign-ins match on (issuer, subject): a changed email at the provider is ignored.
    client.cookies.clear()
    provider.person.email = "renamed@elsewhere.test"
    again = through_provider(client)
    assert again.status_code == 303, again.text
    assert len(_sessions(session, officer)) == 2
    assert len(session.exec(select(OidcIdentity)).all()) == 1
    assert provider.discovery_fetches == 1 and provider.jwks_fetches == 1  # both cached


def test_a_provider_that_asked_for_a_second_factor_counts_as_mfa(
    client: TestClient, world: World, provider: TestProvider, session: Session
) -> None:
    provider.person.amr = ("pwd", "mfa", "otp")
    provider.person.acr = "urn:example:loa:substantial"
    assert through_provider(client).status_code == 303
    (web_session,) = _sessions(session, world.users["police_officer"])
    assert web_session.amr == "pwd mfa otp"
    assert web_session.acr == "urn:example:loa:substantial"
    assert web_session.mfa_verified_at is not None
    assert web_session.mfa_verified_at == web_session.authenticated_at


def test_the_next_page_asked_for_is_where_the_sign_in_ends(
    client: TestClient, world: World, provider: TestProvider
) -> None:
    r = through_provider(client, f"/sign-in/oidc/{SLUG}?next=/cases")
    assert r.status_code == 303 and r.headers["location"] == "/cases"
    client.cookies.clear()
    elsewhere = through_provider(client, f"/sign-in/oidc/{SLUG}?next=//evil.test")
    assert (
        elsewhere.headers["location"] == "/agency"
    )  # never another site: the agency lands on its home


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param({"aud": "some-other-client"}, id="wrong-audience"),
        pytest.param({"sign_with": new_key("key-1")}, id="bad-signature"),
        pytest.param({"shift": -3600}, id="expired"),
        pytest.param({"shift": 3600}, id="issued-in-the-future"),
    ],
)
def test_an_id_token_that_fails_a_check_is_refused(
    client: TestClient, world: World, provider: TestProvider, session: Session, tamper: dict
) -> None:
    provider.tamper.update(tamper)
    r = through_provider(client)
    _assert_refused(r, 400, "could not confirm who signed in")
    assert _sessions(session, world.users["police_officer"]) == []
    assert _refusals(session) == ["token_invalid"]
    assert session.exec(select(OidcIdentity)).all() == []


def test_an_id_token_replayed_from_an_earlier_sign_in_fails_its_nonce(
    client: TestClient, world: World, provider: TestProvider, session: Session
) -> None:
    assert through_provider(client).status_code == 303
    client.cookies.clear()
    provider.tamper["replay"] = True  # the token endpoint answers with the first ID token
    _assert_refused(through_provider(client), 400, "could not confirm who signed in")
    assert _refusals(session) == ["token_invalid"]
    assert len(_sessions(session, world.users["police_officer"])) == 1


def _callback_address(client: TestClient) -> str:
    began = client.get(f"/sign-in/oidc/{SLUG}", follow_redirects=False)
    back = httpx.URL(httpx.get(began.headers["location"]).headers["location"])
    return f"{back.path}?{back.query.decode()}"


def test_a_callback_is_answered_once(
    client: TestClient, world: World, provider: TestProvider, session: Session
) -> None:
    address = _callback_address(client)
    assert client.get(address, follow_redirects=False).status_code == 303
    client.cookies.pop(SESSION_COOKIE)
    client.cookies.set("riskpanel_sso", "x", path=CALLBACK)  # whatever the browser holds
    _assert_refused(client.get(address, follow_redirects=False), 400, "already been used")
    assert _refusals(session) == ["state_reused"]
    assert len(_sessions(session, world.users["police_officer"])) == 1


def test_a_state_riskpanel_did_not_issue_is_refused(
    client: TestClient, world: World, provider: TestProvider, session: Session
) -> None:
    provider.tamper["state"] = "a-state-from-somewhere-else"
    _assert_refused(through_provider(client), 400, "not one riskpanel started")
    assert _refusals(session) == ["state_unknown"]
    r = client.get(CALLBACK + "?code=abc", follow_redirects=False)  # no state at all
    _assert_refused(r, 400, "not one riskpanel started")


def test_a_callback_in_another_browser_is_refused(
    app: FastAPI, client: TestClient, world: World, provider: TestProvider, session: Session
) -> None:
    """A callback address planted in someone else's browser signs nobody in (login CSRF)."""
    address = _callback_address(client)
    with TestClient(app) as victim:
        _assert_refused(victim.get(address, follow_redirects=False), 400, "different browser")
    assert _refusals(session) == ["other_browser"]
    assert _sessions(session, world.users["police_officer"]) == []


def test_a_sign_in_left_too_long_expires(
    client: TestClient, world: World, provider: TestProvider, session: Session
) -> None:
    address = _callback_address(client)
    login = session.exec(select(OidcLogin)).one()
    login.created_at = utcnow() - timedelta(minutes=11)
    session.add(login)
    session.commit()
    _assert_refused(client.get(address, follow_redirects=False), 400, "has expired")
    assert _refusals(session) == ["login_expired"]


def test_the_provider_saying_no_is_refused(
    client: TestClient, world: World, provider: TestProvider, session: Session
) -> None:
    provider.tamper["deny"] = True
    _assert_refused(through_provider(client), 400, "did not sign you in")
    assert _refusals(session) == ["provider_refused"]


def test_an_unknown_email_is_refused_and_nobody_is_created(
    client: TestClient, world: World, provider: TestProvider, session: Session
) -> None:
    provider.person.email = "new.starter@example.org"
    users_before = len(session.exec(select(User)).all())
    _assert_refused(through_provider(client), 403, "no riskpanel account for you yet")
    assert len(session.exec(select(User)).all()) == users_before
    assert session.exec(select(OidcIdentity)).all() == []
    (event,) = [e for e in _sso_events(session) if e.detail.get("outcome") == "refused"]
    assert event.detail == {
        "outcome": "refused",
        "method": "oidc",
        "provider": SLUG,
        "reason": "email_unknown",
    }
    assert event.subject_id is None
    assert "new.starter" not in json.dumps(event.model_dump(mode="json"))  # no personal data


def test_an_unverified_email_is_refused(
    client: TestClient, world: World, provider: TestProvider, session: Session
) -> None:
    provider.person.email_verified = False
    _assert_refused(through_provider(client), 403, "has not confirmed your email address")
    assert _refusals(session) == ["email_unverified"]


def test_an_email_outside_the_providers_domains_is_refused(
    client: TestClient, world: World, provider: TestProvider, session: Session
) -> None:
    """The account exists, but this provider may only vouch for example.org addresses."""
    auth.create_user(
        session=session,
        email="officer@other-agency.test",
        display_name="Other Officer",
        role="agency",
        agency_id=world.agencies["housing"].id,
        password=None,
    )
    session.commit()
    provider.person.email = "officer@other-agency.test"
    _assert_refused(through_provider(client), 403, "cannot be used for your email address")
    assert _refusals(session) == ["domain_not_vouched"]
    assert session.exec(select(OidcIdentity)).all() == []


def test_a_disabled_account_is_refused_even_once_linked(
    client: TestClient, world: World, provider: TestProvider, session: Session
) -> None:
    assert through_provider(client).status_code == 303
    client.cookies.clear()
    officer = session.get_one(User, world.users["police_officer"].id)
    officer.active = False
    session.add(officer)
    session.commit()
    _assert_refused(through_provider(client), 403, "has been closed")
    assert _refusals(session) == ["user_disabled"]


def test_a_second_identity_cannot_take_over_a_linked_account(
    client: TestClient, world: World, provider: TestProvider, session: Session
) -> None:
    assert through_provider(client).status_code == 303
    client.cookies.clear()
    provider.person.sub = "op-subject-2"  # another account at the provider, same email
    _assert_refused(through_provider(client), 403, "already linked")
    assert _refusals(session) == ["already_linked"]


def test_a_key_rotated_at_the_provider_is_fetched_and_the_sign_in_works(
    client: TestClient, world: World, provider: TestProvider, session: Session
) -> None:
    assert through_provider(client).status_code == 303
    assert provider.jwks_fetches == 1
    client.cookies.clear()
    provider.rotate()  # a new kid the cached JWKS does not hold
    assert through_provider(client).status_code == 303
    assert provider.jwks_fetches == 2
    client.cookies.clear()
    assert through_provider(client).status_code == 303
    assert provider.jwks_fetches == 2  # the new keys are kept
    assert len(_sessions(session, world.users["police_officer"])) == 3


def test_an_unknown_provider_is_not_found(client: TestClient) -> None:
    assert client.get("/sign-in/oidc/nobody", follow_redirects=False).status_code == 404
