"""Queueing notifications in the caller's transaction (the outbox).

A notification row commits or rolls back with the change that caused it, and is sent only
after commit by the delivery job, so a rolled-back change never tells anyone anything. Each
row has a ``dedupe_key`` (unique in the database): a timer that fires twice, or two tick
processes racing, still queue one message per recipient and channel.

Recipients are resolved to addresses at delivery time, so the outbox stores no address and
a corrected webhook URL or mailbox applies to messages already queued.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from riskpanel.access.membership import sharing_agreement_in_force
from riskpanel.kit.errors import Conflict, NotFound
from riskpanel.kit.roles import Role
from riskpanel.models import Agency, Notification, User, utcnow
from riskpanel.notifications.messages import CHANNELS, check_data
from riskpanel.notifications.webhooks.repository import enabled_endpoints

STATUSES = ("pending", "sent", "failed", "skipped")


def enqueue(
    *,
    session: Session,
    kind: str,
    channel: str,
    dedupe_key: str,
    data: Mapping[str, Any],
    agency_id: int | None = None,
    user_id: int | None = None,
    webhook_endpoint_id: int | None = None,
) -> Notification | None:
    """Queue one message; None when the same dedupe key was queued before. A webhook names
    the endpoint it goes to (an agency may have several)."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    if (agency_id is None) == (user_id is None):
        raise ValueError("a notification goes to exactly one agency or one user")
    if webhook_endpoint_id is not None and channel != "webhook":
        raise ValueError("only a webhook goes to a webhook endpoint")
    payload = check_data(kind, data)
    if session.exec(select(Notification.id).where(Notification.dedupe_key == dedupe_key)).first():
        return None
    notification = Notification(
        kind=kind,
        channel=channel,
        agency_id=agency_id,
        user_id=user_id,
        webhook_endpoint_id=webhook_endpoint_id,
        case_reference=payload.get("case_reference"),
        payload=payload,
        dedupe_key=dedupe_key,
        next_attempt_at=utcnow(),
    )
    try:
        with session.begin_nested():  # a concurrent twin with the same key loses here
            session.add(notification)
    except IntegrityError:
        return None
    return notification


def agency_recipients(session: Session, agency: Agency) -> list[tuple[str, int | None]]:
    """(channel, endpoint id): each enabled webhook endpoint, and email when it has one."""
    endpoints = enabled_endpoints(session=session, agency_id=agency.id or 0)
    hooks: list[tuple[str, int | None]] = [("webhook", e.id) for e in endpoints]
    return hooks + ([("email", None)] if agency.contact_email else [])


def notify_agency(
    *,
    session: Session,
    agency_id: int,
    kind: str,
    data: Mapping[str, Any],
    dedupe_key: str,
    today: date | None = None,
) -> int:
    """Queue on every channel the agency has; nothing while its sharing agreement is not in
    force (it gets no new disclosures, and could not open the link anyway)."""
    agency = session.get(Agency, agency_id)
    if agency is None or not agency.active:
        return 0
    if not sharing_agreement_in_force(agency, on=today or utcnow().date()):
        return 0
    queued = 0
    for channel, endpoint_id in agency_recipients(session, agency):
        to = f"{channel}:{endpoint_id}" if endpoint_id is not None else channel
        queued += (
            enqueue(
                session=session,
                kind=kind,
                channel=channel,
                dedupe_key=f"{dedupe_key}:{to}:agency:{agency_id}",
                data=data,
                agency_id=agency_id,
                webhook_endpoint_id=endpoint_id,
            )
            is not None
        )
    return queued


def panel_coordinators(session: Session, panel_id: int) -> list[User]:
    return list(
        session.exec(
            select(User)
            .where(
                User.role == Role.COORDINATOR.value,
                User.panel_id == panel_id,
                col(User.active).is_(True),
            )
            .order_by(col(User.id))
        ).all()
    )


def notify_coordinators(
    *, session: Session, panel_id: int, kind: str, data: Mapping[str, Any], dedupe_key: str
) -> int:
    """Coordinators are people: they are told by email (webhooks are for agency systems)."""
    queued = 0
    for user in panel_coordinators(session, panel_id):
        key = f"{dedupe_key}:email:user:{user.id}"
        queued += (
            enqueue(
                session=session,
                kind=kind,
                channel="email",
                dedupe_key=key,
                data=data,
                user_id=user.id,
            )
            is not None
        )
    return queued


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
