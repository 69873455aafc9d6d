"""An agency's own webhook endpoints: register, list, read, rotate, test, remove, log.

Scoped to the caller's agency (its people, role ``agency``, and its systems' keys, role
``agency_client``): there is no agency id in the path, and another agency's endpoint
answers 404. Administrators manage endpoints with ``riskpanel notifications``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from riskpanel.api.deps import DbSession
from riskpanel.models import WebhookEndpoint
from riskpanel.notifications.webhooks import service as endpoints
from riskpanel.notifications.webhooks.access import (
    EndpointOwner,
    WebhookRegistrar,
    WebhookRemover,
    WebhookRotator,
    WebhookTester,
)
from riskpanel.notifications.webhooks.schemas import (
    DeliveryOut,
    WebhookCreate,
    WebhookOut,
    WebhookSecret,
    WebhookTestQueued,
)

router = APIRouter(prefix="/webhooks", tags=["webhooks"])
EndpointId = Annotated[int, Path(ge=1, le=2**31 - 1)]
SIGNING = (
    "Each event is a POST with `webhook-id`, `webhook-timestamp` and `webhook-signature` "
    "headers (Standard Webhooks); verify with the secret as shown, e.g. "
    "`standardwebhooks.Webhook(secret).verify(body, headers)`."
)


def endpoint_out(endpoint: WebhookEndpoint) -> WebhookOut:
    return WebhookOut(
        id=endpoint.id or 0,
        url=endpoint.url,
        description=endpoint.description,
        created_at=endpoint.created_at,
    )


def _with_secret(endpoint: WebhookEndpoint, secret: str) -> WebhookSecret:
    return WebhookSecret(**endpoint_out(endpoint).model_dump(), secret=secret)


@router.get(
    "",
    response_model=list[WebhookOut],
    summary="List your agency's webhook endpoints",
    description="The enabled endpoints of the caller's agency; secrets are never listed.",
)
def list_webhooks(session: DbSession, principal: EndpointOwner) -> list[WebhookOut]:
    return [endpoint_out(e) for e in endpoints.list_own(session=session, principal=principal)]


@router.post(
    "",
    status_code=201,
    response_model=WebhookSecret,
    summary="Register a webhook endpoint for your agency",
    description="Your agency receives its notifications (actions assigned, due, overdue, "
    "reopened; research due; case decisions) at every endpoint it registers, at most "
    f"{endpoints.MAX_ENDPOINTS}. The signing secret is in this answer only. A URL on a "
    "private, loopback or link-local address is refused (422 naming `url`) unless the "
    f"operator allow-lists its network. {SIGNING}",
)
def register_webhook(
    body: WebhookCreate, request: Request, session: DbSession, principal: WebhookRegistrar
) -> WebhookSecret:
    networks = request.app.state.settings.webhook_networks
    endpoint, secret = endpoints.register(
        session=session, principal=principal, data=body, allowed_networks=networks
    )
    session.commit()
    return _with_secret(endpoint, secret)


@router.get("/{endpoint_id}", response_model=WebhookOut, summary="Read a webhook endpoint")
def read_webhook(
    endpoint_id: EndpointId, session: DbSession, principal: EndpointOwner
) -> WebhookOut:
    return endpoint_out(
        endpoints.own_endpoint(session=session, principal=principal, endpoint_id=endpoint_id)
    )


@router.delete(
    "/{endpoint_id}",
    status_code=204,
    summary="Remove a webhook endpoint",
    description="Nothing more is sent to it; messages still queued for it fail with the "
    "reason. Its delivery log is kept (but no longer readable through the API).",
)
def remove_webhook(
    endpoint_id: EndpointId, session: DbSession, principal: WebhookRemover
) -> Response:
    endpoints.remove(session=session, principal=principal, endpoint_id=endpoint_id)
    session.commit()
    return Response(status_code=204)


@router.post(
    "/{endpoint_id}/secret",
    status_code=201,
    response_model=WebhookSecret,
    summary="Give a webhook endpoint a new signing secret",
    description="The old secret stops at once; the new one is in this answer only.",
)
def rotate_webhook_secret(
    endpoint_id: EndpointId, session: DbSession, principal: WebhookRotator
) -> WebhookSecret:
    endpoint, secret = endpoints.rotate(
        session=session, principal=principal, endpoint_id=endpoint_id
    )
    session.commit()
    return _with_secret(endpoint, secret)


@router.post(
    "/{endpoint_id}/test",
    status_code=202,
    response_model=WebhookTestQueued,
    summary="Send a test event to a webhook endpoint",
    description='Queues a `webhook.test` event (payload `{"type": "webhook.test", '
    '"timestamp": ..., "data": {}}`), delivered, signed and retried like any other; '
    "follow it in the endpoint's delivery log.",
)
def test_webhook(
    endpoint_id: EndpointId, session: DbSession, principal: WebhookTester
) -> WebhookTestQueued:
    note = endpoints.send_test(session=session, principal=principal, endpoint_id=endpoint_id)
    session.commit()
    return WebhookTestQueued(notification_id=note.id or 0, kind=note.kind, status=note.status)


@router.get(
    "/{endpoint_id}/deliveries",
    response_model=list[DeliveryOut],
    summary="The delivery log of a webhook endpoint",
    description="The newest messages to the endpoint first, each with its status, attempts "
    "and last attempt (HTTP status or error). References only, never the payload.",
)
def webhook_deliveries(
    endpoint_id: EndpointId,
    session: DbSession,
    principal: EndpointOwner,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[DeliveryOut]:
    return endpoints.delivery_log(
        session=session, principal=principal, endpoint_id=endpoint_id, limit=limit
    )
