"""Agencies' webhook endpoints: register, list, rotate, remove, test, delivery log.

Partners set these up themselves (API and web); administrators can set any agency's from
the command line (``set_webhook``, ``queue_test``). The same rules hold both ways: the URL
must point outside unless allow-listed (notifications.webhooks.targets), and the secret is
shown once. Secrets are in the Standard
Webhooks form, ``whsec_`` + base64 of random bytes, so the reference libraries verify
our signatures with the secret exactly as shown. An endpoint of another agency is simply
not found: it answers 404, never 403, so ids leak nothing.
"""

from __future__ import annotations

import base64
import secrets
import uuid

from sqlmodel import Session

from riskpanel.access.relations import WriteObject, require
from riskpanel.audit.service import record_administration
from riskpanel.kit.errors import Conflict, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.kit.schemas import attributes
from riskpanel.models import Agency, Delivery, Notification, WebhookEndpoint, utcnow
from riskpanel.notifications.service import enqueue
from riskpanel.notifications.webhooks import repository
from riskpanel.notifications.webhooks.schemas import DeliveryOut, WebhookCreate
from riskpanel.notifications.webhooks.targets import Networks, check_webhook_url

SECRET_BYTES = 32  # Standard Webhooks: between 24 and 64 bytes
MAX_ENDPOINTS = 5
TEST_KIND = "webhook.test"


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _audit(session: Session, principal: Principal, endpoint: WebhookEndpoint, *fields: str) -> None:
    record_administration(
        session=session,
        principal=principal,
        subject_type="webhook_endpoint",
        subject_id=endpoint.id,
        fields=list(fields),
        detail={"agency_id": endpoint.agency_id},
    )


def add_endpoint(
    *,
    session: Session,
    principal: Principal,
    agency_id: int,
    url: str,
    description: str = "",
    allowed_networks: Networks = (),
) -> tuple[WebhookEndpoint, str]:
    """A new enabled endpoint and its secret (to show once). The URL is checked now and
    again, resolved afresh, before every delivery."""
    check_webhook_url(url, allowed=allowed_networks, field="url")
    if len(repository.enabled_endpoints(session=session, agency_id=agency_id)) >= MAX_ENDPOINTS:
        raise Conflict(f"an agency may have at most {MAX_ENDPOINTS} webhook endpoints")
    secret = new_secret()
    endpoint = WebhookEndpoint(agency_id=agency_id, url=url, secret=secret, description=description)
    session.add(endpoint)
    session.flush()
    _audit(session, principal, endpoint, "url", "secret", "description")
    return endpoint, secret


def register(
    *, session: Session, principal: Principal, data: WebhookCreate, allowed_networks: Networks = ()
) -> tuple[WebhookEndpoint, str]:
    """The caller's agency registers an endpoint for itself (API and web take the same input)."""
    agency_id = principal.agency_id or 0
    require(
        session=session,
        principal=principal,
        operation="webhooks.register",
        obj=WriteObject(agency_id=agency_id),
    )
    return add_endpoint(
        session=session,
        principal=principal,
        agency_id=agency_id,
        allowed_networks=allowed_networks,
        **data.model_dump(include={"url", "description"}),
    )


def list_own(*, session: Session, principal: Principal) -> list[WebhookEndpoint]:
    return repository.enabled_endpoints(session=session, agency_id=principal.agency_id or 0)


def own_endpoint(*, session: Session, principal: Principal, endpoint_id: int) -> WebhookEndpoint:
    """The caller's agency's enabled endpoint; anything else is not found."""
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if (
        endpoint is None
        or endpoint.disabled_at is not None
        or principal.agency_id is None
        or endpoint.agency_id != principal.agency_id
    ):
        raise NotFound(f"no webhook endpoint with id {endpoint_id}")
    return endpoint


def _for_write(
    session: Session, principal: Principal, endpoint_id: int, operation: str
) -> WebhookEndpoint:
    endpoint = own_endpoint(session=session, principal=principal, endpoint_id=endpoint_id)
    require(
        session=session,
        principal=principal,
        operation=operation,
        obj=WriteObject(agency_id=endpoint.agency_id),
    )
    return endpoint


def remove(*, session: Session, principal: Principal, endpoint_id: int) -> WebhookEndpoint:
    """Disable, not delete: the delivery log keeps pointing at it. Messages still queued
    for it fail at their next attempt with the reason."""
    endpoint = _for_write(session, principal, endpoint_id, "webhooks.remove")
    disable(session=session, principal=principal, endpoint=endpoint)
    return endpoint


def disable(*, session: Session, principal: Principal, endpoint: WebhookEndpoint) -> None:
    endpoint.disabled_at = utcnow()
    session.add(endpoint)
    _audit(session, principal, endpoint, "disabled_at")


def rotate(
    *, session: Session, principal: Principal, endpoint_id: int
) -> tuple[WebhookEndpoint, str]:
    """A new secret at once (shown once); messages already queued are signed with it."""
    endpoint = _for_write(session, principal, endpoint_id, "webhooks.rotate")
    endpoint.secret = new_secret()
    session.add(endpoint)
    _audit(session, principal, endpoint, "secret")
    return endpoint, endpoint.secret


def queue_test_to(*, session: Session, endpoint: WebhookEndpoint) -> Notification:
    """A ``webhook.test`` message for this endpoint, queued and delivered like the others."""
    notification = enqueue(
        session=session,
        kind=TEST_KIND,
        channel="webhook",
        dedupe_key=f"test:{endpoint.agency_id}:webhook:{endpoint.id}:{uuid.uuid4().hex}",
        data={},
        agency_id=endpoint.agency_id,
        webhook_endpoint_id=endpoint.id,
    )
    assert notification is not None  # the key is new
    session.flush()
    return notification


def send_test(*, session: Session, principal: Principal, endpoint_id: int) -> Notification:
    endpoint = _for_write(session, principal, endpoint_id, "webhooks.test")
    return queue_test_to(session=session, endpoint=endpoint)


def delivery_log(
    *, session: Session, principal: Principal, endpoint_id: int, limit: int = 50
) -> list[DeliveryOut]:
    endpoint = own_endpoint(session=session, principal=principal, endpoint_id=endpoint_id)
    notes = repository.messages_to(session=session, endpoint_id=endpoint.id or 0, limit=limit)
    last = repository.last_attempts(session=session, notification_ids=[n.id or 0 for n in notes])
    return [_entry(n, last.get(n.id or 0)) for n in notes]


# Fields a delivery entry copies as they are from its notification.
_DELIVERY_FIELDS = {"kind", "case_reference", "status", "attempts", "created_at", "sent_at"}


def _entry(n: Notification, d: Delivery | None) -> DeliveryOut:
    return DeliveryOut(
        **attributes(n, _DELIVERY_FIELDS),
        notification_id=n.id or 0,
        next_attempt_at=n.next_attempt_at if n.status == "pending" else None,
        last_attempt_at=d.at if d else None,
        last_status_code=d.status_code if d else None,
        last_error=d.error if d else None,
    )


# The administrator's side (``riskpanel notifications``): any agency, by id.


def set_webhook(
    *,
    session: Session,
    principal: Principal,
    agency_id: int,
    url: str | None,
    rotate: bool,
    allowed_networks: Networks = (),
) -> str | None:
    """Add an endpoint at ``url`` for the agency, or keep the one it has there (a new
    secret only with ``rotate``); None switches all its endpoints off. Returns the secret
    when one was made, so the caller can show it once. Internal addresses are refused
    unless in ``allowed_networks`` (see notifications.webhooks.targets)."""
    if session.get(Agency, agency_id) is None:
        raise NotFound(f"no agency with id {agency_id}")
    current = repository.enabled_endpoints(session=session, agency_id=agency_id)
    if url is None:
        for endpoint in current:
            disable(session=session, principal=principal, endpoint=endpoint)
        return None
    same = next((e for e in current if e.url == url), None)
    if same is None:
        _, made = add_endpoint(
            session=session,
            principal=principal,
            agency_id=agency_id,
            url=url,
            allowed_networks=allowed_networks,
        )
        return made
    check_webhook_url(url, allowed=allowed_networks, field="url")
    if not rotate:
        return None
    same.secret = new_secret()
    session.add(same)
    _audit(session, principal, same, "secret")
    return same.secret


def queue_test(*, session: Session, agency_id: int) -> int:
    """A ``webhook.test`` message to each enabled endpoint and the agency's mailbox."""
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound(f"no agency with id {agency_id}")
    queued = 0
    for endpoint in repository.enabled_endpoints(session=session, agency_id=agency_id):
        queue_test_to(session=session, endpoint=endpoint)
        queued += 1
    if agency.contact_email:
        key = f"test:{agency_id}:email:{uuid.uuid4().hex}"
        queued += (
            enqueue(
                session=session,
                kind=TEST_KIND,
                channel="email",
                dedupe_key=key,
                data={},
                agency_id=agency_id,
            )
            is not None
        )
    return queued


def endpoints_of(*, session: Session, agency_id: int) -> list[WebhookEndpoint]:
    return repository.enabled_endpoints(session=session, agency_id=agency_id)
