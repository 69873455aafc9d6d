"""Webhooks in the web pages, for agency people: add an endpoint (error summary linked to
the field, check your answers, the secret shown once), send a test event that is delivered
and verifies with ``standardwebhooks``, read the delivery log, make a new secret, remove."""

from __future__ import annotations

import re

import pytest
import standardwebhooks
from sqlalchemy import Engine

from riskpanel.config import Settings
from riskpanel.notifications.delivery import deliver_due
from tests.fixtures import World
from tests.notifications.receivers import webhook_receiver
from tests.web.helpers import Browser, hidden, summary_links, text


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"webhook_allowed_networks": "127.0.0.1/32"})


def _secret(html: str) -> str:
    match = re.search(r'id="secret" type="text" value="([^"]+)"', html)
    assert match, "no secret shown"
    return match.group(1)


def _endpoint_path(html: str) -> str:
    match = re.search(r'href="(/webhooks/\d+)"', html)
    assert match, "no link to the endpoint"
    return match.group(1)


def test_an_agency_officer_adds_tests_and_removes_an_endpoint(
    browser: type[Browser], world: World, engine: Engine, settings: Settings
) -> None:
    officer = browser("police_officer")
    page = officer.get("/webhooks")
    assert page.status_code == 200 and "no webhook endpoints" in text(page.text)
    assert 'href="/webhooks"' in page.text  # in the agency's menu
    assert officer.get("/webhooks/new").status_code == 200

    refused = officer.post("/webhooks/new/check", {"url": "http://169.254.169.254/latest"})
    assert refused.status_code == 422
    assert summary_links(refused.text) == ["f-url"] and 'id="f-url"' in refused.text
    assert "link-local" in text(refused.text)

    with webhook_receiver("unknown yet") as receiver:
        check = officer.post(
            "/webhooks/new/check", {"url": receiver.url, "description": "Case system"}
        )
        assert check.status_code == 200 and "Check your answers" in text(check.text)
        assert hidden(check.text, "url") == receiver.url
        assert "/webhooks/new?url=" in check.text  # each answer can be changed
        added = officer.post("/webhooks/new", {"url": receiver.url, "description": "Case system"})
        assert added.status_code == 200 and "Webhook endpoint added" in text(added.text)
        secret = _secret(added.text)
        assert secret.startswith("whsec_")
        listing = officer.get("/webhooks")
        assert "Case system" in listing.text and secret not in listing.text
        endpoint = _endpoint_path(listing.text)
        assert secret not in officer.get(endpoint).text

        sent = officer.post(f"{endpoint}/test")
        assert sent.status_code == 303 and sent.headers["location"].startswith(endpoint)
        assert deliver_due(engine=engine, settings=settings) == 1
    [got] = receiver.received
    assert standardwebhooks.Webhook(secret).verify(got.body, got.headers)["type"] == (
        "webhook.test"
    )
    log = text(officer.get(endpoint).text)
    assert "webhook.test" in log and "Sent" in log and "HTTP 204" in log

    rotated = officer.post(f"{endpoint}/secret")
    assert rotated.status_code == 200 and "New signing secret" in text(rotated.text)
    assert _secret(rotated.text) != secret

    other = browser("housing_officer")
    assert other.get(endpoint).status_code == 404
    assert other.get(f"{endpoint}/remove").status_code == 404
    assert other.post(f"{endpoint}/remove").status_code == 404

    confirm = officer.get(f"{endpoint}/remove")
    assert confirm.status_code == 200 and f'href="{endpoint}/remove"' in officer.get(endpoint).text
    assert "Are you sure you want to remove this endpoint?" in text(confirm.text)
    assert "Case system" in text(confirm.text) and f'action="{endpoint}/remove"' in confirm.text

    removed = officer.post(f"{endpoint}/remove")
    assert removed.status_code == 303
    assert "no webhook endpoints" in text(officer.get("/webhooks").text)
    assert officer.get(endpoint).status_code == 404


def test_the_form_keeps_the_answers_and_names_each_wrong_field(browser: type[Browser]) -> None:
    officer = browser("police_officer")
    r = officer.post("/webhooks/new/check", {"url": "", "description": "x" * 201})
    assert r.status_code == 422
    assert summary_links(r.text) == ["f-url", "f-description"]
    back = officer.get("/webhooks/new?url=https%3A%2F%2F8.8.8.8%2Fh&description=Live")
    assert 'value="https://8.8.8.8/h"' in back.text and 'value="Live"' in back.text


def test_other_roles_do_not_get_the_webhooks_page(browser: type[Browser]) -> None:
    assert browser("coordinator").get("/webhooks").status_code == 403
