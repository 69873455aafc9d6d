"""`riskpanel notifications`: webhook endpoints, delivery, retries and the outbox."""

from __future__ import annotations

import typer

from riskpanel.cli.common import (
    AgencyId,
    AsJson,
    as_cli,
    echo_json,
    in_session,
    settings,
    unit_of_work,
)
from riskpanel.db import get_engine
from riskpanel.notifications import repository as outbox_repository
from riskpanel.notifications import service as outbox
from riskpanel.notifications.delivery import deliver_due
from riskpanel.notifications.webhooks import service as webhooks

notifications = typer.Typer(help="Reminders and webhooks to agencies.", no_args_is_help=True)


@notifications.command("webhook")
def webhook(
    agency_id: AgencyId,
    url: str | None = typer.Option(
        None, help="Add an endpoint for signed webhooks; omit to switch all of them off"
    ),
    rotate_secret: bool = typer.Option(False, help="Make a new secret for the endpoint at --url"),
) -> None:
    """Add a webhook endpoint for an agency (agencies can also do this themselves, in the
    API and the web). Its signing secret (whsec_...) is printed once.

    Only public http(s) addresses are accepted (and checked again before each delivery);
    on-premises receivers need their network in RISKPANEL_WEBHOOK_ALLOWED_NETWORKS."""
    networks = settings().webhook_networks
    made = as_cli(
        webhooks.set_webhook,
        agency_id=agency_id,
        url=url,
        rotate=rotate_secret,
        allowed_networks=networks,
    )
    typer.echo(f"agency {agency_id}: webhooks {'to ' + url if url else 'off'}")
    if made:
        typer.echo(f"signing secret (shown once; give it to the agency): {made}")


@notifications.command("endpoints")
def endpoints(agency_id: AgencyId, as_json: AsJson = False) -> None:
    """An agency's enabled webhook endpoints (never their secrets)."""
    with unit_of_work() as session:
        rows = [
            {"id": e.id, "url": e.url, "created_at": e.created_at.isoformat()}
            for e in webhooks.endpoints_of(session=session, agency_id=agency_id)
        ]
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        typer.echo(f"{r['id']:>6}  {r['url']}  since {r['created_at']}")


@notifications.command("test")
def test(agency_id: AgencyId) -> None:
    """Queue a test message to each of the agency's endpoints and its mailbox (sent by the
    next tick)."""
    queued = in_session(webhooks.queue_test, agency_id=agency_id)
    typer.echo(f"queued {queued} test message(s)")


@notifications.command("deliver")
def deliver() -> None:
    """Send what is due now (tick does this too)."""
    sent = deliver_due(engine=get_engine(settings()), settings=settings())
    typer.echo(f"delivered {sent}")


@notifications.command("retry")
def retry(notification_id: int = typer.Argument(..., help="A failed notification's id")) -> None:
    """Try a failed message again, with a fresh set of attempts."""
    in_session(outbox.retry, notification_id=notification_id)
    typer.echo(f"notification {notification_id} queued again")


@notifications.command("list")
def list_(
    status: str | None = typer.Option(None, help="pending, sent, failed or skipped"),
    limit: int = typer.Option(50, min=1, max=1000),
    as_json: AsJson = False,
) -> None:
    """The most recent notifications (kinds and references only)."""
    if status is not None and status not in outbox.STATUSES:
        raise typer.BadParameter(f"use one of {', '.join(outbox.STATUSES)}", param_hint="--status")
    with unit_of_work() as session:
        rows = [
            {
                "id": n.id,
                "kind": n.kind,
                "channel": n.channel,
                "status": n.status,
                "attempts": n.attempts,
                "case_reference": n.case_reference,
                "next_attempt_at": n.next_attempt_at.isoformat(),
            }
            for n in outbox_repository.recent(session=session, status=status, limit=limit)
        ]
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        typer.echo(
            f"{r['id']:>6}  {r['kind']:<18} {r['channel']:<8} {r['status']:<8} "
            f"attempts {r['attempts']}  {r['case_reference'] or '-'}"
        )


def register(root: typer.Typer) -> None:
    root.add_typer(notifications, name="notifications")
