"""`riskpanel notifications`: onboarding a partner's webhook end to end from the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from riskpanel.cli import app as cli_app
from riskpanel.config import Settings, get_settings
from riskpanel.models import Notification
from tests.fixtures import World
from tests.notifications.receivers import webhook_receiver


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("RISKPANEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("RISKPANEL_SECRET_KEY", settings.secret_key)
    monkeypatch.setenv("RISKPANEL_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.1/32")  # the receiver
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_set_a_webhook_send_a_test_and_retry(cli: CliRunner, engine: Engine, world: World) -> None:
    agency = str(world.agencies["housing"].id)
    with webhook_receiver("placeholder", fail_first=1) as receiver:
        r = cli.invoke(
            cli_app, ["notifications", "webhook", "--agency-id", agency, "--url", receiver.url]
        )
        assert r.exit_code == 0, r.output
        secret = r.output.rsplit(": ", 1)[1].strip()
        assert secret.startswith("whsec_")  # the Standard Webhooks form
        receiver.secret = secret
        again = cli.invoke(
            cli_app, ["notifications", "webhook", "--agency-id", agency, "--url", receiver.url]
        )
        assert "secret" not in again.output  # shown once, unless rotated
        listed_endpoints = cli.invoke(
            cli_app, ["notifications", "endpoints", "--agency-id", agency, "--json"]
        )
        assert [e["url"] for e in json.loads(listed_endpoints.output)] == [receiver.url]
        assert (
            "queued 1"
            in cli.invoke(cli_app, ["notifications", "test", "--agency-id", agency]).output
        )
        assert "delivered 0" in cli.invoke(cli_app, ["notifications", "deliver"]).output
        listed = json.loads(cli.invoke(cli_app, ["notifications", "list", "--json"]).output)
        assert [(n["kind"], n["status"], n["attempts"]) for n in listed] == [
            ("webhook.test", "pending", 1)
        ]
        with Session(engine) as s:
            note = s.get(Notification, listed[0]["id"])
            assert note is not None
            note.status = "failed"
            s.add(note)
            s.commit()
        assert cli.invoke(cli_app, ["notifications", "retry", str(listed[0]["id"])]).exit_code == 0
        assert "delivered 1" in cli.invoke(cli_app, ["notifications", "deliver"]).output
    assert [r.signature_ok for r in receiver.received] == [True, True]
    bad = cli.invoke(cli_app, ["notifications", "list", "--status", "lost"])
    assert bad.exit_code == 2
