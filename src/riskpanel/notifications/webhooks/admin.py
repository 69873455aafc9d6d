"""Operating the outbox: agencies' webhook endpoints and secrets, retries, test messages.

Used by the ``riskpanel notifications`` commands (agencies manage their own endpoints
through the API and the web; see notifications.webhooks.service). A webhook secret is shown once,
when it is made or rotated; riskpanel keeps it to sign with (HMAC needs the secret itself).
"""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from riskpanel.audit.service import record
from riskpanel.kit.errors import Conflict, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.models import Agency, Notification, WebhookEndpoint, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.notifications.service import enqueue
from riskpanel.notifications.webhooks import service as endpoints
from riskpanel.notifications.webhooks.targets import Networks, check_webhook_url

STATUSES = ("pending", "sent", "failed", "skipped")


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
    current = endpoints.enabled_endpoints(session, agency_id)
    if url is None:
        for endpoint in current:
            endpoints.disable(session=session, principal=principal, endpoint=endpoint)
        return None
    same = next((e for e in current if e.url == url), None)
    if same is None:
        _, made = endpoints.add_endpoint(
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
    same.secret = endpoints.new_secret()
    session.add(same)
    record(
        session=session,
        principal=principal,
        action=AuditAction.ADMINISTRATION,
        subject_type="webhook_endpoint",
        subject_id=same.id,
        purpose="administration",
        fields=["secret"],
        detail={"agency_id": agency_id},
    )
    return same.secret


def retry(*, session: Session, notification_id: int) -> Notification:
    """Give a failed message a fresh set of attempts, due now."""
    notification = session.get(Notification, notification_id)
    if notification is None:
        raise NotFound(f"no notification with id {notification_id}")
    if notification.status != "failed":
        raise Conflict(f"notification {notification_id} is {notification.status}, not failed")
    notification.status, notification.attempts = "pending", 0
    notification.next_attempt_at = utcnow()
    session.add(notification)
    return notification


def queue_test(*, session: Session, agency_id: int) -> int:
    """A ``webhook.test`` message to each enabled endpoint and the agency's mailbox."""
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound(f"no agency with id {agency_id}")
    queued = 0
    for endpoint in endpoints.enabled_endpoints(session, agency_id):
        endpoints.queue_test_to(session=session, endpoint=endpoint)
        queued += 1
    if agency.contact_email:
        key = f"test:{agency_id}:email:{uuid.uuid4().hex}"
        queued += (
            enqueue(
                session=session,
                kind="webhook.test",
                channel="email",
                dedupe_key=key,
                data={},
                agency_id=agency_id,
            )
            is not None
        )
    return queued


def endpoints_of(*, session: Session, agency_id: int) -> list[WebhookEndpoint]:
    return endpoints.enabled_endpoints(session, agency_id)


def recent(*, session: Session, status: str | None, limit: int) -> list[Notification]:
    query = select(Notification)
    if status:
        query = query.where(Notification.status == status)
    return list(session.exec(query.order_by(col(Notification.id).desc()).limit(limit)).all())
