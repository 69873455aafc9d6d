"""Every query of the webhook sub-domain: endpoints in use, and what was sent to them."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from riskpanel.models import Delivery, Notification, WebhookEndpoint


def enabled_endpoints(*, session: Session, agency_id: int) -> list[WebhookEndpoint]:
    return list(
        session.exec(
            select(WebhookEndpoint)
            .where(
                WebhookEndpoint.agency_id == agency_id, col(WebhookEndpoint.disabled_at).is_(None)
            )
            .order_by(col(WebhookEndpoint.id))
        ).all()
    )


def messages_to(*, session: Session, endpoint_id: int, limit: int) -> list[Notification]:
    """The newest messages addressed to an endpoint, newest first."""
    return list(
        session.exec(
            select(Notification)
            .where(Notification.webhook_endpoint_id == endpoint_id)
            .order_by(col(Notification.id).desc())
            .limit(limit)
        ).all()
    )


def last_attempts(*, session: Session, notification_ids: list[int]) -> dict[int, Delivery]:
    """Each message's latest delivery attempt, by message id (messages never tried: absent)."""
    last_ids = (
        select(func.max(Delivery.id))
        .where(col(Delivery.notification_id).in_(notification_ids))
        .group_by(col(Delivery.notification_id))
    )
    rows = session.exec(select(Delivery).where(col(Delivery.id).in_(last_ids))).all()
    return {d.notification_id: d for d in rows}
