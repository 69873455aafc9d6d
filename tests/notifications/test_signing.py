"""Standard Webhooks signatures: what riskpanel sends is what a receiver verifies."""

from __future__ import annotations

import base64
import time

from riskpanel.notifications.signing import sign, verify

BODY = b'{"type":"action.overdue","data":{"action_reference":"A-2026-000001"}}'


def test_round_trip_and_tampering() -> None:
    now = int(time.time())
    header = sign(secret="partner-secret", msg_id="msg_1", timestamp=now, body=BODY)
    assert header.startswith("v1,")
    ok = {"secret": "partner-secret", "msg_id": "msg_1", "timestamp": str(now), "body": BODY}
    assert verify(**ok, signature_header=header)
    assert verify(**ok, signature_header=f"v1,bm9wZQ== {header}")  # during a rotation
    assert not verify(**{**ok, "body": BODY + b" "}, signature_header=header)
    assert not verify(**{**ok, "msg_id": "msg_2"}, signature_header=header)
    assert not verify(**{**ok, "secret": "other"}, signature_header=header)
    assert not verify(**ok, signature_header=header, now=now + 301)  # too old: a replay
    assert not verify(**{**ok, "timestamp": "soon"}, signature_header=header)


def test_whsec_secrets_are_base64_keys() -> None:
    key = b"\x01\x02binary key material"
    secret = "whsec_" + base64.b64encode(key).decode()
    header = sign(secret=secret, msg_id="msg_9", timestamp=1700000000, body=BODY)
    assert header == sign(secret=secret, msg_id="msg_9", timestamp=1700000000, body=BODY)
    assert header != sign(secret=key.decode("latin-1"), msg_id="msg_9", timestamp=1, body=BODY)
    assert verify(
        secret=secret,
        msg_id="msg_9",
        timestamp="1700000000",
        body=BODY,
        signature_header=header,
        now=1700000010,
    )
