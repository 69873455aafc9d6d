"""`riskpanel demo`: a synthetic partnership to explore riskpanel with (Faker people only)."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from riskpanel.cli.common import settings, unit_of_work
from riskpanel.demo.seed import DEMO_PASSWORD, PANEL_NAME, build_demo


def demo(
    output: Path = typer.Option(Path("demo-output"), help="Folder for the agenda PDF"),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Write the agenda PDF"),
) -> None:
    """Create the demo panel, agencies, users, referrals, cases and a meeting (once)."""
    config = settings()
    console = Console()
    started = time.monotonic()
    with (
        Progress(
            TextColumn("{task.description:<36}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress,
        unit_of_work() as session,
    ):
        result = build_demo(session, config, progress, output if pdf else None)
    if not result.created:
        typer.echo(f"demo data already present ({PANEL_NAME}); nothing changed")
    else:
        typer.echo(
            f"created {PANEL_NAME}: {result.referrals} referrals, {result.cases} cases "
            f"({result.accepted} accepted), meeting {result.meeting_id} with "
            f"{result.agenda_items} agenda items in {time.monotonic() - started:.1f}s"
        )
        if result.agenda_pdf is not None:
            typer.echo(f"agenda PDF: {result.agenda_pdf}")
        typer.echo("demo sign-ins (password for all: " + DEMO_PASSWORD + "):")
        for email, role in result.sign_ins:
            typer.echo(f"  {role:<12} {email}")
    typer.echo(f"open {config.base_url}")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
