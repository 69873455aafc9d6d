"""Operating the outbox: an agency's webhook endpoint and secret, retries, test messages.

Used by the ``riskpanel notifications`` commands. A webhook secret is shown once, when it
is made or rotated; riskpanel keeps it to sign with (HMAC needs the secret itself).
"""

from __future__ import annotations

import secrets
import uuid

from sqlmodel import Session, col, select

from riskpanel.audit.service import record
from riskpanel.auth.principal import Principal
from riskpanel.errors import Conflict, NotFound
from riskpanel.models import Agency, Notification, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.notifications.service import enqueue
from riskpanel.notifications.targets import Networks, check_webhook_url

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
    """Point the agency's webhooks at ``url`` (None switches them off); returns the secret
    when one was made, so the caller can show it once. Internal addresses are refused
    unless in ``allowed_networks`` (see notifications.targets)."""
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound(f"no agency with id {agency_id}")
    if url is not None:
        check_webhook_url(url, allowed=allowed_networks)
    agency.webhook_url = url
    made = None
    if url is not None and (rotate or not agency.webhook_secret):
        made = agency.webhook_secret = secrets.token_urlsafe(32)
    session.add(agency)
    record(
        session=session,
        principal=principal,
        action=AuditAction.ADMINISTRATION,
        subject_type="agency",
        subject_id=agency_id,
        purpose="administration",
        fields=["webhook_url", *(["webhook_secret"] if made else [])],
    )
    return made


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
    """A ``webhook.test`` message on each channel the agency has, for onboarding."""
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound(f"no agency with id {agency_id}")
    queued = 0
    for channel, target in (("webhook", agency.webhook_url), ("email", agency.contact_email)):
        if target:
            key = f"test:{agency_id}:{channel}:{uuid.uuid4().hex}"
            queued += (
                enqueue(
                    session=session,
                    kind="webhook.test",
                    channel=channel,
                    dedupe_key=key,
                    data={},
                    agency_id=agency_id,
                )
                is not None
            )
    return queued


def recent(*, session: Session, status: str | None, limit: int) -> list[Notification]:
    query = select(Notification)
    if status:
        query = query.where(Notification.status == status)
    return list(session.exec(query.order_by(col(Notification.id).desc()).limit(limit)).all())
