"""`riskpanel demo`: a synthetic partnership to explore riskpanel with (Faker people only)."""

from __future__ import annotations

import time
from pathlib import Path
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from riskpanel.cli.common import (
    MigrateFirst,
    require_schema,
    settings,
    unit_of_work,
    upgrade_first,
)
from riskpanel.demo.seed import DEMO_PASSWORD, FULL, PANEL_NAME, DemoResult, Size, build_demo


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))


def _report(result: DemoResult, elapsed: float, timezone: str) -> None:
    typer.echo(f"created {PANEL_NAME} in {elapsed:.1f}s ({result.steps} steps replayed):")
    typer.echo(f"  referrals: {result.referrals}")
    typer.echo(f"  cases: {_counts(result.cases)}")
    typer.echo(f"  meetings held with approved minutes: {result.meetings_held}")
    if result.meeting_starts is not None:
        starts = result.meeting_starts.astimezone(ZoneInfo(timezone))
        typer.echo(
            f"  upcoming meeting {result.meeting_id}: {starts:%A %d %B %Y %H:%M}, "
            f"{result.agenda_items} agenda items"
        )
    typer.echo(f"  actions: {_counts(result.actions)}")
    if result.pack_id is not None:
        typer.echo(
            f"  scrutiny pack {result.pack_id} released, {result.feedback} feedback comments, "
            f"{result.assessments} dip-sample assessments ({result.answered} answered)"
        )
    for path in result.pdfs:
        typer.echo(f"  wrote {path}")
    typer.echo("demo sign-ins (password for all: " + DEMO_PASSWORD + "):")
    for email, role in result.sign_ins:
        typer.echo(f"  {role:<12} {email}")


def demo(
    output: Path = typer.Option(Path("demo-output"), help="Folder for the PDF documents"),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Write the PDF documents"),
    migrate_db: MigrateFirst = None,
    months: int = typer.Option(
        FULL.months,
        min=4,
        max=36,
        help="Months of history to replay (about 14 referrals a month); the default gives a "
        "12-month scrutiny pack with figures, fewer months build faster",
    ),
) -> None:
    """Create the demo partnership: 18 months of referrals, meetings, actions and scrutiny
    (once; a second run changes nothing)."""
    config = settings()
    if not upgrade_first(config, migrate_db):
        require_schema(config)
    console = Console()
    started = time.monotonic()
    with (
        Progress(
            TextColumn("{task.description:<40}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress,
        unit_of_work() as session,
    ):
        result = build_demo(session, config, progress, output if pdf else None, Size(months))
    if not result.created:
        typer.echo(f"demo data already present ({PANEL_NAME}); nothing changed")
    else:
        _report(result, time.monotonic() - started, config.timezone)
    typer.echo(f"open {config.base_url}")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
