"""`riskpanel db`: schema migrations (as the schema's owner) and the runtime role's grants."""

from __future__ import annotations

import typer
from sqlalchemy.exc import DBAPIError

from riskpanel import dbroles, migrate
from riskpanel.cli.common import settings

app = typer.Typer(
    help="Create and migrate the database schema (Alembic), and on PostgreSQL set up the "
    "owner and runtime roles.",
    no_args_is_help=True,
)


@app.command()
def upgrade(revision: str = typer.Argument("head", help="Target revision")) -> None:
    """Apply migrations up to REVISION (default: the latest) as the owner role
    (RISKPANEL_OWNER_DATABASE_URL), then renew the runtime role's grants on PostgreSQL."""
    cfg = settings()
    url = cfg.migration_url
    migrate.upgrade(url, revision)
    typer.echo(f"database at revision {migrate.current_revision(url)}")
    if dbroles.needs_grants(cfg.database_url, url):
        _setup_roles()


@app.command()
def downgrade(revision: str = typer.Argument(..., help="Target revision, e.g. -1 or base")) -> None:
    """Undo migrations down to REVISION (as the owner role)."""
    url = settings().migration_url
    migrate.downgrade(url, revision)
    typer.echo(f"database at revision {migrate.current_revision(url) or 'base (empty)'}")


@app.command()
def current() -> None:
    """Show the database's revision and the latest one available."""
    url = settings().migration_url
    now, head = migrate.current_revision(url), migrate.head_revision(url)
    typer.echo(f"current: {now or 'none'}\nhead:    {head}")
    if now != head:
        raise typer.Exit(1)


@app.command()
def roles() -> None:
    """PostgreSQL: create the runtime role named in RISKPANEL_DATABASE_URL if it is missing
    (the owner needs CREATEROLE, or create it yourself first) and grant it only what the
    app needs: SELECT and INSERT on the access log (no UPDATE, DELETE, TRUNCATE or trigger
    changes), SELECT/INSERT/UPDATE/DELETE on the other tables, USAGE on sequences. It owns
    nothing. Connects as RISKPANEL_OWNER_DATABASE_URL; safe to run again (`db upgrade`
    does, after migrating)."""
    _setup_roles()


def _setup_roles() -> None:
    cfg = settings()
    try:
        report = dbroles.setup_roles(owner_url=cfg.migration_url, database_url=cfg.database_url)
    except dbroles.RoleSetupError as error:
        typer.secho(f"error: {error}", err=True, fg="red")
        raise typer.Exit(2) from None
    except DBAPIError as error:
        typer.secho(f"error: {str(error.orig).strip()}", err=True, fg="red")
        raise typer.Exit(1) from None
    made = "created" if report.created else "exists"
    typer.echo(
        f"runtime role {report.runtime_role} ({made}): {report.tables} table(s) granted, "
        f"{report.log_tables} access log table(s) SELECT and INSERT only"
    )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="db")
