"""API models of an agency's own webhook endpoints and their delivery log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from riskpanel.kit.schemas import SINGLE_LINE, InputModel, OutputModel, examples


class WebhookCreate(InputModel):
    model_config = examples(
        {
            "url": "https://cases.northshire-homes.example/hooks/riskpanel",
            "description": "case system (live)",
        }
    )

    url: Annotated[str, StringConstraints(min_length=1, max_length=500, pattern=SINGLE_LINE)] = (
        Field(
            description="Where riskpanel POSTs signed events: an http(s) URL on a public "
            "address (private, loopback and link-local addresses are refused unless the "
            "operator allow-lists the network)"
        )
    )
    description: Annotated[str, StringConstraints(max_length=200, pattern=SINGLE_LINE)] = Field(
        "", description="A name for people, e.g. 'case system (live)'"
    )


class WebhookOut(OutputModel):
    id: int
    url: str
    description: str
    created_at: datetime


class WebhookSecret(WebhookOut):
    """Shown once: riskpanel never shows the secret again (rotate to get a new one)."""

    secret: str = Field(
        description="Standard Webhooks signing secret, `whsec_` + base64; give it as is to "
        "a Standard Webhooks library to verify `webhook-signature`"
    )


class WebhookTestQueued(OutputModel):
    notification_id: int = Field(description="Its `webhook-id` is `msg_<notification_id>`")
    kind: str = Field(description="Always `webhook.test`")
    status: str


class DeliveryOut(OutputModel):
    """One message to the endpoint and its last attempt: references only, no payload."""

    notification_id: int = Field(description="The message's `webhook-id` is `msg_<this>`")
    kind: str
    case_reference: str | None
    status: str = Field(description="pending, sent, failed or skipped")
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
