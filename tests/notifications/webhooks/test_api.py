"""Self-service webhooks: an agency registers, lists, tests, rotates and removes its own
endpoints through the API; deliveries verify with the reference ``standardwebhooks``
library; another agency's endpoint is not found; the delivery log holds references only."""

from __future__ import annotations

import base64

import pytest
import standardwebhooks
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from riskpanel.config import Settings
from riskpanel.models import Notification, WebhookEndpoint
from riskpanel.notifications.delivery import deliver_due
from riskpanel.notifications.service import notify_agency
from tests.factories import refresh_view
from tests.fixtures import World
from tests.notifications.receivers import Received, webhook_receiver

HOOKS = "/api/v1/webhooks"
ACTORS = ["police_officer", "police_system"]  # its people (agency) and its key (agency_client)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The receivers listen on 127.0.0.1, which webhooks may reach only when allow-listed."""
    return settings.model_copy(update={"webhook_allowed_networks": "127.0.0.1/32"})


def _register(client: TestClient, world: World, actor: str, url: str, name: str = "") -> dict:
    r = client.post(HOOKS, json={"url": url, "description": name}, headers=world.headers(actor))
    assert r.status_code == 201, r.text
    return dict(r.json())


def _verify(secret: str, got: Received) -> dict:
    """What a partner does with the reference library: raises unless the signature holds."""
    return dict(standardwebhooks.Webhook(secret).verify(got.body, got.headers))


@pytest.mark.parametrize("actor", ACTORS)
def test_register_test_verify_log_and_remove(
    client: TestClient, engine: Engine, world: World, settings: Settings, actor: str
) -> None:
    headers = world.headers(actor)
    with webhook_receiver("unknown yet") as receiver:
        made = _register(client, world, actor, receiver.url, "case system (test)")
        secret = made["secret"]
        assert secret.startswith("whsec_")
        assert len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) == 32
        listed = client.get(HOOKS, headers=headers).json()
        assert listed == [{k: v for k, v in made.items() if k != "secret"}]  # never the secret
        queued = client.post(f"{HOOKS}/{made['id']}/test", headers=headers)
        assert queued.status_code == 202, queued.text
        assert queued.json()["kind"] == "webhook.test"
        assert receiver.received == []  # queued, then sent by the delivery job
        assert deliver_due(engine=engine, settings=settings) == 1
    [got] = receiver.received
    event = _verify(secret, got)
    assert event["type"] == "webhook.test" and event["data"] == {}
    assert got.headers["webhook-id"] == f"msg_{queued.json()['notification_id']}"
    [entry] = client.get(f"{HOOKS}/{made['id']}/deliveries", headers=headers).json()
    assert (entry["kind"], entry["status"], entry["attempts"]) == ("webhook.test", "sent", 1)
    assert entry["last_status_code"] == 204 and entry["last_error"] is None
    assert entry["sent_at"] and entry["last_attempt_at"]
    assert not {"payload", "data", "url", "secret"} & set(entry)  # references only
    assert client.delete(f"{HOOKS}/{made['id']}", headers=headers).status_code == 204
    assert client.get(HOOKS, headers=headers).json() == []
    for method, path in [("GET", ""), ("POST", "/test"), ("DELETE", "")]:
        assert (
            client.request(method, f"{HOOKS}/{made['id']}{path}", headers=headers).status_code
            == 404
        )


def test_a_new_secret_stops_the_old_one(
    client: TestClient, engine: Engine, world: World, settings: Settings
) -> None:
    headers = world.headers("police_system")
    with webhook_receiver("unknown yet") as receiver:
        made = _register(client, world, "police_system", receiver.url)
        rotated = client.post(f"{HOOKS}/{made['id']}/secret", headers=headers)
        assert rotated.status_code == 201, rotated.text
        new = rotated.json()["secret"]
        assert new.startswith("whsec_") and new != made["secret"]
        client.post(f"{HOOKS}/{made['id']}/test", headers=headers)
        assert deliver_due(engine=engine, settings=settings) == 1
    [got] = receiver.received
    assert _verify(new, got)["type"] == "webhook.test"
    with pytest.raises(standardwebhooks.webhooks.WebhookVerificationError):
        _verify(made["secret"], got)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.2:9/hook", "loopback"),  # loopback outside the allow-list
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("https://10.1.2.3/hook", "private"),
        ("https://[fd00::1]/hook", "private"),
        ("ftp://hooks.police.example/hook", "http"),
    ],
)
def test_internal_targets_are_refused_naming_the_url_field(
    client: TestClient, world: World, session: Session, url: str, why: str
) -> None:
    r = client.post(HOOKS, json={"url": url}, headers=world.headers("police_officer"))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    [error] = r.json()["errors"]
    assert error["field"] == "url" and why in error["message"]
    refresh_view(session)
    assert session.exec(select(WebhookEndpoint)).all() == []


def test_another_agencys_endpoint_is_not_found(
    client: TestClient, world: World, session: Session
) -> None:
    theirs = _register(client, world, "housing_officer", "https://8.8.8.8/housing-hook")
    police = world.headers("police_system")
    assert client.get(HOOKS, headers=police).json() == []
    for method, path in [
        ("GET", ""),
        ("GET", "/deliveries"),
        ("POST", "/test"),
        ("POST", "/secret"),
        ("DELETE", ""),
    ]:
        r = client.request(method, f"{HOOKS}/{theirs['id']}{path}", headers=police)
        assert r.status_code == 404, (method, path, r.text)
    refresh_view(session)
    endpoint = session.get(WebhookEndpoint, theirs["id"])
    assert endpoint is not None and endpoint.disabled_at is None
    assert endpoint.secret == theirs["secret"]
    assert session.exec(select(Notification)).all() == []


@pytest.mark.parametrize("actor", ["coordinator", "admin", "scrutiny"])
def test_only_agencies_have_webhooks(client: TestClient, world: World, actor: str) -> None:
    assert client.get(HOOKS, headers=world.headers(actor)).status_code == 403
    r = client.post(HOOKS, json={"url": "https://8.8.8.8/x"}, headers=world.headers(actor))
    assert r.status_code == 403


def test_every_enabled_endpoint_gets_the_agencys_notifications(
    client: TestClient, engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    with webhook_receiver("a") as live, webhook_receiver("b") as spare:
        first = _register(client, world, "police_officer", live.url, "live")
        second = _register(client, world, "police_system", spare.url, "spare")
        removed = _register(client, world, "police_system", "https://8.8.8.8/old")
        client.delete(f"{HOOKS}/{removed['id']}", headers=world.headers("police_system"))
        with Session(engine) as s:
            queued = notify_agency(
                session=s,
                agency_id=world.agencies["police"].id or 0,
                kind="action.overdue",
                data={"case_reference": "HC-2026-000001", "action_reference": "A-2026-000001"},
                dedupe_key="overdue:1",
            )
            s.commit()
        assert queued == 2
        assert deliver_due(engine=engine, settings=settings) == 2
    for receiver, made in ((live, first), (spare, second)):
        [got] = receiver.received
        event = _verify(made["secret"], got)
        assert event["type"] == "action.overdue"
        assert event["data"]["case_reference"] == "HC-2026-000001"
