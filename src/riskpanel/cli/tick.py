"""`riskpanel tick`: fire due timers and run periodic jobs (cron-able, idempotent)."""

from __future__ import annotations

import json
from datetime import datetime

import typer

from riskpanel.cli.common import ReportAsJson, settings
from riskpanel.db import get_engine
from riskpanel.timers.service import tick as run_tick


def tick(
    now: str | None = typer.Option(None, help="Pretend it is this UTC time (ISO 8601), for drills"),
    as_json: ReportAsJson = False,
) -> None:
    """Fire every timer that is due and run the periodic jobs. Safe to run on many nodes."""
    when = None
    if now:
        try:
            when = datetime.fromisoformat(now)
        except ValueError:
            raise typer.BadParameter(
                f"{now!r} is not an ISO 8601 time", param_hint="--now"
            ) from None
        if when.tzinfo is None:
            raise typer.BadParameter(
                "give a time zone, e.g. 2026-11-29T09:00:00+00:00", param_hint="--now"
            )
    report = run_tick(get_engine(settings()), now=when)
    if as_json:
        typer.echo(json.dumps({"fired": report.fired, "jobs": report.jobs}))
        return
    for kind, count in report.fired.items():
        typer.echo(f"timer {kind}: {count} fired")
    for name, count in report.jobs.items():
        typer.echo(f"job {name}: {count}")


def register(app: typer.Typer) -> None:
    app.command()(tick)
