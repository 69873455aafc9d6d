"""The ``webhooks`` section of the OpenAPI document describes the bodies riskpanel really
sends: each kind's documented model accepts the body ``webhook_body`` builds from the data
its sender queues, and refuses a key the kind never carries."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from riskpanel.notifications.messages import KINDS, check_data, webhook_body
from riskpanel.notifications.webhooks.docs import KEYS_BY_KIND, payload_model

SAMPLE = {
    "action_reference": "A-0007",
    "case_reference": "RP-2026-0001",
    "due_on": "2026-12-24",
    "meeting_on": "2026-12-18",
    "agency": "Northshire Police",
    "path": "/api/v1/actions/7",
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kinds_documented_payload_matches_what_is_sent(kind: str) -> None:
    keys = {k for k in KEYS_BY_KIND[kind] if k != "link"}
    data = check_data(kind, {k: v for k, v in SAMPLE.items() if k in keys or k == "path"})
    if kind == "webhook.test":
        data = {}
    body = webhook_body(kind, data, datetime(2026, 12, 7, 9, 30, tzinfo=UTC), "https://rp.example")
    model = payload_model(kind)
    sent = model.model_validate_json(body)
    assert sent.model_dump(mode="json")["type"] == kind
    extra = body.replace(b'"data":{', b'"data":{"victim_name":"x",', 1)
    with pytest.raises(ValidationError):
        model.model_validate_json(extra)


def test_every_kind_is_documented() -> None:
    assert set(KEYS_BY_KIND) == set(KINDS)
