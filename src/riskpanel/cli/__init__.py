"""The `riskpanel` command: each domain adds its commands from a module of its own."""

from __future__ import annotations

import sys

import typer
from pydantic import ValidationError

from riskpanel.cli import admin, core, db, orgs
from riskpanel.errors import RiskPanelError

app = typer.Typer(
    name="riskpanel",
    help="riskpanel: multi-agency risk panels for repeat and high-risk hate crime.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
core.register(app)
app.add_typer(db.app, name="db")
app.add_typer(admin.app, name="admin")
app.add_typer(orgs.agencies, name="agencies")
app.add_typer(orgs.panels, name="panels")


def main() -> None:
    """Domain errors become one clear line on stderr and exit status 2, never a traceback."""
    try:
        app()
    except RiskPanelError as exc:
        typer.secho(f"error: {exc.detail}", err=True, fg="red")
        sys.exit(2)
    except ValidationError as exc:
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "input"
            message = str(err["msg"]).removeprefix("Value error, ")
            typer.secho(f"error: {field}: {message}", err=True, fg="red")
        sys.exit(2)
