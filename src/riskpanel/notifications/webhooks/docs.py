"""The notifications as the OpenAPI document's ``webhooks`` section (OpenAPI 3.1).

A partner builds its receiver from the document alone: one entry per kind, with the
Standard Webhooks headers and the payload riskpanel really sends
(``messages.webhook_body``). The data keys per kind are those the senders queue; a key
left out of a kind's model is never sent with it. These functions are documentation
only: FastAPI lists ``app.webhooks`` in the document and never routes to them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Response
from pydantic import BaseModel, ConfigDict, Field, create_model

from riskpanel.notifications.delivery import WEBHOOK_TIMEOUT
from riskpanel.notifications.messages import FOOTER, SUBJECTS

LINK = Field(description="Absolute link to the object in riskpanel's API or web UI.")
FIELDS: dict[str, Any] = {
    "action_reference": (str, Field(description="The action's reference.", examples=["A-1042"])),
    "case_reference": (str, Field(description="The case's reference.", examples=["RP-2026-0042"])),
    "due_on": (date, Field(description="The due date (local).")),
    "meeting_on": (date, Field(description="The meeting's date (local).")),
    "agency": (str, Field(description="The owning agency's name.")),
    "link": (str, LINK),
}
ACTION = ("action_reference", "case_reference", "due_on", "link")
CASE = ("case_reference", "link")
KEYS_BY_KIND: dict[str, tuple[str, ...]] = {
    "action.assigned": ACTION,
    "action.due_soon": ACTION,
    "action.due_today": ACTION,
    "action.overdue": ACTION,
    "action.reopened": ACTION,
    "action.escalated": (*ACTION, "agency"),
    "research.due": ("case_reference", "due_on", "meeting_on", "link"),
    "case.accepted": CASE,
    "case.rejected": CASE,
    "case.listed": (*CASE, "meeting_on"),
    "webhook.test": (),
    # email only, to the person (never an agency's webhook): a link to set the factor up
    "account.second_factor_reset": ("link",),
}
OPTIONAL = {"case.listed": {"meeting_on"}}
# A kind added to messages.SUBJECTS before it is added above is documented loosely (every
# key optional) rather than stopping start-up; tests/notifications/webhooks/test_docs.py fails.
ANY_KEYS = tuple(FIELDS)
WebhookId = Annotated[
    str,
    Header(
        alias="webhook-id",
        description="The message id; a retry carries the same id, so receivers deduplicate.",
    ),
]
WebhookTimestamp = Annotated[
    str, Header(alias="webhook-timestamp", description="Unix seconds when it was signed.")
]
WebhookSignature = Annotated[
    str,
    Header(
        alias="webhook-signature",
        description="`v1,<base64 HMAC-SHA256>` of `{webhook-id}.{webhook-timestamp}.{body}` "
        "with the agency's secret (Standard Webhooks); verify before trusting the body.",
    ),
]


def _camel(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.replace(".", "_").split("_"))


def payload_model(kind: str) -> type[BaseModel]:
    """``{type, timestamp, data}`` with this kind's data keys and nothing else."""
    keys = KEYS_BY_KIND.get(kind, ANY_KEYS)
    optional = OPTIONAL.get(kind, set()) if kind in KEYS_BY_KIND else set(ANY_KEYS)
    data_fields: dict[str, Any] = {}
    for key in keys:
        annotation, info = FIELDS[key]
        if key in optional:
            data_fields[key] = (annotation | None, Field(None, description=info.description))
        else:
            data_fields[key] = (annotation, info)
    name = _camel(kind)
    kind_type: Any = Literal[kind]
    data = create_model(f"{name}Data", __config__=ConfigDict(extra="forbid"), **data_fields)
    return create_model(
        f"{name}Notification",
        __config__=ConfigDict(extra="forbid"),
        __doc__=SUBJECTS[kind].replace("{", "`").replace("}", "`") + ".",
        type=(kind_type, Field(description="The notification kind.")),
        timestamp=(datetime, Field(description="When the notification was queued (UTC).")),
        data=(data, ...),
    )


def _document(router: APIRouter, kind: str) -> None:
    model = payload_model(kind)

    def receive(
        body: BaseModel,
        webhook_id: WebhookId,
        webhook_timestamp: WebhookTimestamp,
        webhook_signature: WebhookSignature,
    ) -> Response:  # pragma: no cover - never routed
        return Response(status_code=204)

    receive.__annotations__["body"] = model  # this kind's payload, not the base class
    router.add_api_route(
        kind,
        receive,
        methods=["POST"],
        summary=SUBJECTS[kind].split(" {")[0] if kind != "webhook.test" else "Test event",
        description=f"Sent to the agency's webhook URL as `application/json`. {FOOTER} "
        f"Answer 2xx within {WEBHOOK_TIMEOUT:g} seconds; anything else (or a redirect) is "
        "retried with exponential backoff, with the same `webhook-id`.",
        response_class=Response,
        responses={204: {"description": "Any 2xx acknowledges the notification."}},
        status_code=204,
        operation_id=f"webhook_{kind.replace('.', '_')}",
    )


def install(router: APIRouter) -> None:
    for kind in sorted(SUBJECTS):
        _document(router, kind)
