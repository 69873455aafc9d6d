"""Migration 0009: an agency's old webhook_url and plain secret become a webhook_endpoint
with a ``whsec_`` secret that signs exactly as before, and queued webhooks follow it."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from sqlalchemy import text

from riskpanel import migrate
from riskpanel.db import make_engine
from riskpanel.notifications.signing import sign

OLD_SECRET = "synthetic-plain-secret-from-before"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _seed_before(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO agency (name, kind, webhook_url, webhook_secret, active, created_at) "
                "VALUES ('Migrated Agency', 'police', 'https://hooks.migrated.example/rp', "
                ":secret, :yes, :now)"
            ),
            {"secret": OLD_SECRET, "yes": True, "now": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO notification (kind, channel, agency_id, payload, status, attempts, "
                "next_attempt_at, created_at) SELECT 'webhook.test', 'webhook', id, '{}', "
                "'pending', 0, :now, :now FROM agency WHERE name = 'Migrated Agency'"
            ),
            {"now": NOW},
        )
    engine.dispose()


def test_old_webhook_settings_become_an_endpoint_that_signs_the_same(
    owner_database_url: str,
) -> None:
    url = owner_database_url
    migrate.downgrade(url, "0008")
    _seed_before(url)
    migrate.upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        endpoint_id, endpoint_url, secret, disabled = conn.execute(
            text("SELECT id, url, secret, disabled_at FROM webhook_endpoint")
        ).one()
        pointed = conn.execute(text("SELECT webhook_endpoint_id FROM notification")).scalar_one()
    engine.dispose()
    assert (endpoint_url, disabled, pointed) == (
        "https://hooks.migrated.example/rp",
        None,
        endpoint_id,
    )
    assert secret == "whsec_" + base64.b64encode(OLD_SECRET.encode()).decode()
    signed = {"msg_id": "msg_1", "timestamp": 1_700_000_000, "body": b"{}"}
    assert sign(secret=secret, **signed) == sign(secret=OLD_SECRET, **signed)

    migrate.downgrade(url, "0008")  # and back: the agency has its plain secret again
    engine = make_engine(url)
    with engine.connect() as conn:
        back = conn.execute(
            text("SELECT webhook_url, webhook_secret FROM agency WHERE name = 'Migrated Agency'")
        ).one()
    engine.dispose()
    assert tuple(back) == ("https://hooks.migrated.example/rp", OLD_SECRET)
    migrate.upgrade(url)
