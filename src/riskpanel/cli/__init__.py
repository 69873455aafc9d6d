"""The `riskpanel` command: each domain adds its commands from a module of its own."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer
from pydantic import ValidationError

import riskpanel.cli as _pkg
from riskpanel.kit.errors import RiskPanelError

app = typer.Typer(
    name="riskpanel",
    help="riskpanel: multi-agency risk panels for repeat and high-risk hate crime.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Every module in riskpanel.cli with a ``register(app)`` adds its own commands, so new
# features add a module instead of editing this file.
for _info in sorted(pkgutil.iter_modules(_pkg.__path__), key=lambda m: m.name):
    _module = importlib.import_module(f"riskpanel.cli.{_info.name}")
    if hasattr(_module, "register"):
        _module.register(app)


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
