"""Helpers shared by CLI commands: settings, a unit of work, the CLI's own principal, and
the ``--json`` option with its output."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel
from sqlmodel import Session

from riskpanel import migrate
from riskpanel.config import Settings, get_settings
from riskpanel.db import get_engine, session_scope
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role

CLI_PRINCIPAL = Principal(role=Role.ADMIN, label="riskpanel command line")
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON")]
ReportAsJson = Annotated[bool, typer.Option("--json", help="Print the report as JSON")]
AgencyId = Annotated[int, typer.Option(help="Agency id")]
MigrateFirst = Annotated[
    bool | None,
    typer.Option(
        "--migrate/--no-migrate",
        help="Upgrade the schema first (default: on for SQLite, off for PostgreSQL)",
    ),
]

T = TypeVar("T")


def settings() -> Settings:
    return get_settings()


def upgrade_first(cfg: Settings, wanted: bool | None) -> bool:
    """Bring the schema to the latest revision before a command that needs it (``serve``,
    ``demo``) when asked, or by default on SQLite, so a fresh SQLite file works at once; on
    PostgreSQL the owner migrates on purpose (``--migrate`` or ``riskpanel db upgrade``).
    Returns whether it migrated."""
    if wanted if wanted is not None else cfg.is_sqlite:
        migrate.upgrade(cfg.migration_url)
        return True
    return False


def require_schema(cfg: Settings) -> None:
    """Stop with one line saying what to run when the database has no schema yet, rather
    than a traceback about a missing table."""
    if migrate.current_revision(cfg.migration_url) is None:
        typer.echo("The database has no tables yet: run `riskpanel db upgrade` first.", err=True)
        raise typer.Exit(1)


@contextmanager
def unit_of_work() -> Iterator[Session]:
    with session_scope(get_engine(settings())) as session:
        yield session


def in_session(call: Callable[..., T], /, **arguments: Any) -> T:
    """Run one service call in its own unit of work (committed when it returns)."""
    with unit_of_work() as session:
        return call(session=session, **arguments)


def as_cli(call: Callable[..., T], /, **arguments: Any) -> T:
    """`in_session` for a service that audits: the command line is the principal."""
    return in_session(call, principal=CLI_PRINCIPAL, **arguments)


def parse_date(value: str, option: str) -> date:
    """An ISO date from an option, or a usage error naming the option."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option
        ) from None


def echo_json(value: BaseModel | Sequence[BaseModel | dict[str, Any]]) -> None:
    """Print a model, or a list of models or plain rows, as indented JSON."""
    if isinstance(value, BaseModel):
        data: Any = value.model_dump(mode="json")
    else:
        data = [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
    typer.echo(json.dumps(data, indent=2))
