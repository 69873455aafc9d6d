"""Helpers shared by CLI commands: settings, a unit of work, the CLI's own principal, and
the ``--json`` option with its output."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from sqlmodel import Session

from riskpanel.config import Settings, get_settings
from riskpanel.db import get_engine, session_scope
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role

CLI_PRINCIPAL = Principal(role=Role.ADMIN, label="riskpanel command line")
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON")]


def settings() -> Settings:
    return get_settings()


@contextmanager
def unit_of_work() -> Iterator[Session]:
    with session_scope(get_engine(settings())) as session:
        yield session


def echo_json(value: BaseModel | Sequence[BaseModel | dict[str, Any]]) -> None:
    """Print a model, or a list of models or plain rows, as indented JSON."""
    if isinstance(value, BaseModel):
        data: Any = value.model_dump(mode="json")
    else:
        data = [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
    typer.echo(json.dumps(data, indent=2))
