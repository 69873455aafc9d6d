"""Sending queued notifications after commit: signed webhooks and SMTP email.

Three short steps, so no database lock is held while a slow partner answers: *claim* due
rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several tick processes share the work;
SQLite's single writer serialises) and push each one's next attempt a lease into the future,
so a crashed sender's rows come back later instead of being lost; *send* outside any
transaction; *record* the attempt in the ``delivery`` log and either mark the row sent or
schedule the retry with exponential backoff, giving up after ``MAX_ATTEMPTS``.

Before each webhook the target's host is resolved afresh and every address checked
(notifications.webhooks.targets): one that now points inside (loopback, metadata service, private
networks) fails the message with the reason and sends nothing; otherwise the request goes
to the checked address itself, keeping the name for the Host header and TLS.

Delivery is at-least-once: a receiver that times out after processing may see a message
again, with the same ``webhook-id``, which is how Standard Webhooks receivers deduplicate.
"""

from __future__ import annotations

import ipaddress
import smtplib
import ssl
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, col, select

import riskpanel
from riskpanel.config import Settings
from riskpanel.db import session_scope
from riskpanel.models import Agency, Delivery, Notification, User, WebhookEndpoint, utcnow
from riskpanel.notifications.messages import email_text, subject, webhook_body
from riskpanel.notifications.signing import sign
from riskpanel.notifications.webhooks.targets import (
    Address,
    Networks,
    Target,
    TargetRefused,
    checked_target,
)

MAX_ATTEMPTS = 8
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=6)
LEASE = timedelta(minutes=5)
WEBHOOK_TIMEOUT = 5.0
SMTP_TIMEOUT = 10.0
BATCH = 100


@dataclass(frozen=True)
class Outgoing:
    """A claimed notification with its resolved target, detached from any session."""

    id: int
    attempt: int
    channel: str
    kind: str
    data: dict[str, str]
    created_at: datetime
    url: str | None = None
    secret: str | None = None
    email_to: str | None = None


@dataclass(frozen=True)
class Result:
    ok: bool
    status_code: int | None = None
    error: str | None = None
    final: bool = False  # retrying cannot help (no address, refused recipient)
    skipped: bool = False  # the channel is switched off (no SMTP host)


def backoff(attempt: int) -> timedelta:
    """Delay after the ``attempt``-th failure: 30 s, 1 min, 2 min ... capped at 6 hours."""
    return min(BASE_DELAY * 2 ** max(attempt - 1, 0), MAX_DELAY)


def _outgoing(session: Session, n: Notification) -> Outgoing:
    assert n.id is not None
    base = Outgoing(n.id, n.attempts, n.channel, n.kind, dict(n.payload), n.created_at)
    if n.agency_id is not None:
        agency = session.get(Agency, n.agency_id)
        if agency is None:
            return base
        if n.channel == "webhook":
            endpoint = session.get(WebhookEndpoint, n.webhook_endpoint_id)
            if endpoint is None or endpoint.disabled_at is not None:
                return base  # removed since: fails with the reason, sends nothing
            return replace(base, url=endpoint.url, secret=endpoint.secret)
        return replace(base, email_to=agency.contact_email)
    user = session.get(User, n.user_id)
    return replace(base, email_to=user.email if user is not None and user.active else None)


def claim(engine: Engine, now: datetime, batch: int = BATCH) -> list[Outgoing]:
    with session_scope(engine) as session:
        query = (
            select(Notification)
            .where(Notification.status == "pending", col(Notification.next_attempt_at) <= now)
            .order_by(col(Notification.next_attempt_at), col(Notification.id))
            .limit(batch)
        )
        if engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        claimed = []
        for n in session.exec(query).all():
            n.attempts += 1
            n.next_attempt_at = now + LEASE
            session.add(n)
            claimed.append(_outgoing(session, n))
        return claimed


def _pinned(target: Target, address: Address) -> tuple[str, dict[str, str], dict[str, str]]:
    """The URL with the checked address in place of the name, the Host header and the TLS
    name (SNI, also what the certificate is checked against) keeping the name: the client
    then connects to this address and cannot resolve the name a second time."""
    host = f"[{address}]" if address.version == 6 else str(address)
    url = target.parts._replace(netloc=f"{host}:{target.port}").geturl()
    extensions = {"sni_hostname": target.host} if target.parts.scheme == "https" else {}
    return url, {"host": target.parts.netloc}, extensions


def _post(client: httpx.Client, target: Target, body: bytes, headers: dict[str, str]) -> Result:
    """Try the checked addresses in the resolver's order until one accepts a connection."""
    error = "no address to connect to"
    for address in target.addresses:
        url, host, extensions = _pinned(target, address)
        try:
            response = client.post(
                url, content=body, headers={**headers, **host}, extensions=extensions
            )
        except httpx.ConnectError as exc:
            error = f"{type(exc).__name__}: {str(exc)[:300]}"
            continue
        except httpx.HTTPError as exc:
            return Result(False, error=f"{type(exc).__name__}: {str(exc)[:300]}")
        if 200 <= response.status_code < 300:
            return Result(True, status_code=response.status_code)
        return Result(False, status_code=response.status_code, error=f"HTTP {response.status_code}")
    return Result(False, error=error)


def send_webhook(
    out: Outgoing, *, base_url: str, client: httpx.Client, allowed: Networks = ()
) -> Result:
    if not out.url:
        return Result(False, error="the webhook endpoint was removed", final=True)
    if not out.secret:
        return Result(False, error="the webhook endpoint has no secret", final=True)
    try:
        target = checked_target(out.url, allowed)
    except TargetRefused as exc:  # nothing is sent; retrying the same check cannot help
        return Result(False, error=f"not sent: the endpoint URL {exc}", final=True)
    body = webhook_body(out.kind, out.data, out.created_at, base_url)
    msg_id, stamp = f"msg_{out.id}", int(time.time())
    headers = {
        "content-type": "application/json",
        "user-agent": f"riskpanel/{riskpanel.__version__}",
        "webhook-id": msg_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": sign(secret=out.secret, msg_id=msg_id, timestamp=stamp, body=body),
    }
    return _post(client, target, body, headers)


def email_message(out: Outgoing, settings: Settings) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"[riskpanel] {subject(out.kind, out.data)}"
    message["From"] = settings.smtp_from
    message["To"] = out.email_to or ""
    message["Date"] = formatdate(usegmt=True)
    domain = settings.smtp_from.rpartition("@")[2] or "riskpanel.invalid"
    message["Message-ID"] = make_msgid(idstring=f"n{out.id}", domain=domain)
    message.set_content(email_text(out.kind, out.data, settings.base_url))
    return message


def helo_name(base_url: str) -> str:
    """Introduce ourselves by riskpanel's own host name, not whatever a reverse DNS lookup
    of this machine gives (which can stall or be wrong inside a council network)."""
    host = urlsplit(base_url).hostname or "localhost"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host
    return f"[{host}]"


def send_email(out: Outgoing, *, settings: Settings) -> Result:
    """Plain SMTP, upgraded with STARTTLS (certificate checked) whenever the relay offers it."""
    if not settings.smtp_host:
        return Result(False, error="SMTP is not configured", skipped=True)
    if not out.email_to:
        return Result(False, error="no address for the recipient", final=True)
    try:
        with smtplib.SMTP(
            settings.smtp_host,
            settings.smtp_port,
            timeout=SMTP_TIMEOUT,
            local_hostname=helo_name(settings.base_url),
        ) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            smtp.send_message(email_message(out, settings))
    except smtplib.SMTPRecipientsRefused:
        return Result(False, error="the relay refused the recipient", final=True)
    except (smtplib.SMTPException, OSError) as exc:
        return Result(False, error=f"{type(exc).__name__}: {str(exc)[:300]}")
    return Result(True, status_code=250)


def send(out: Outgoing, *, settings: Settings, client: httpx.Client) -> Result:
    """One attempt; any failure is a result to log, so one bad target (a malformed URL, an
    odd relay) never stops the other messages or the rest of tick."""
    try:
        if out.channel == "webhook":
            return send_webhook(
                out, base_url=settings.base_url, client=client, allowed=settings.webhook_networks
            )
        return send_email(out, settings=settings)
    except Exception as exc:
        return Result(False, error=f"{type(exc).__name__}: {str(exc)[:300]}")


def record(engine: Engine, out: Outgoing, result: Result, *, now: datetime, ms: int) -> str:
    """One delivery-log row per attempt; then sent, skipped, failed, or the next try."""
    with session_scope(engine) as session:
        n = session.get(Notification, out.id)
        assert n is not None
        session.add(
            Delivery(
                notification_id=out.id,
                attempt=out.attempt,
                status_code=result.status_code,
                error=(result.error or "")[:500] or None,
                duration_ms=ms,
                at=utcnow(),
            )
        )
        if result.ok:
            n.status, n.sent_at = "sent", utcnow()
        elif result.skipped:
            n.status = "skipped"
        elif result.final or out.attempt >= MAX_ATTEMPTS:
            n.status = "failed"
        else:
            n.next_attempt_at = now + backoff(out.attempt)
        session.add(n)
        return n.status


def deliver_due(
    *,
    engine: Engine,
    settings: Settings,
    now: datetime | None = None,
    batch: int = BATCH,
    client: httpx.Client | None = None,
) -> int:
    """Send what is due; returns how many were delivered."""
    now = now or utcnow()
    outgoing = claim(engine, now, batch)
    if not outgoing:
        return 0
    http = client or httpx.Client(timeout=WEBHOOK_TIMEOUT, follow_redirects=False)
    sent = 0
    try:
        for out in outgoing:
            started = time.perf_counter()
            result = send(out, settings=settings, client=http)
            ms = int((time.perf_counter() - started) * 1000)
            sent += record(engine, out, result, now=now, ms=ms) == "sent"
    finally:
        if client is None:
            http.close()
    return sent
