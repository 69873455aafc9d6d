"""`riskpanel db`: schema migrations."""

from __future__ import annotations

import typer

from riskpanel import migrate
from riskpanel.cli.common import settings

app = typer.Typer(help="Create and migrate the database schema (Alembic).", no_args_is_help=True)


@app.command()
def upgrade(revision: str = typer.Argument("head", help="Target revision")) -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    url = settings().database_url
    migrate.upgrade(url, revision)
    typer.echo(f"database at revision {migrate.current_revision(url)}")


@app.command()
def downgrade(revision: str = typer.Argument(..., help="Target revision, e.g. -1 or base")) -> None:
    """Undo migrations down to REVISION."""
    url = settings().database_url
    migrate.downgrade(url, revision)
    typer.echo(f"database at revision {migrate.current_revision(url) or 'base (empty)'}")


@app.command()
def current() -> None:
    """Show the database's revision and the latest one available."""
    url = settings().database_url
    now, head = migrate.current_revision(url), migrate.head_revision(url)
    typer.echo(f"current: {now or 'none'}\nhead:    {head}")
    if now != head:
        raise typer.Exit(1)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="db")
