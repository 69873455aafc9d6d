"""Helpers shared by CLI commands: settings, a unit of work, the CLI's own principal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from riskpanel.config import Settings, get_settings
from riskpanel.db import get_engine, session_scope
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role

CLI_PRINCIPAL = Principal(role=Role.ADMIN, label="riskpanel command line")


def settings() -> Settings:
    return get_settings()


@contextmanager
def unit_of_work() -> Iterator[Session]:
    with session_scope(get_engine(settings())) as session:
        yield session
