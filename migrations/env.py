"""Alembic environment for riskpanel.

SQLite runs in batch mode (so ALTERs work) with transactional DDL, so a failed migration
rolls back whole instead of half-applying; foreign keys are switched off while tables are
rebuilt and checked afterwards. PostgreSQL runs as usual through psycopg 3.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection, text

import riskpanel.models  # noqa: F401 - registers every table on the metadata
from riskpanel.config import get_settings
from riskpanel.db import make_engine
from riskpanel.models import metadata

config = context.config


def _url() -> str:
    return config.attributes.get("url") or get_settings().database_url


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    if type_ == "type" and obj.__class__.__name__ == "UTCDateTime":
        return "riskpanel.models.base.UTCDateTime()"
    return False


def _configure(connection: Connection) -> None:
    is_sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=is_sqlite,
        transactional_ddl=True,
        compare_type=True,
        render_item=_render_item,
    )


def _run(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()
    if connection.dialect.name == "sqlite":
        problems = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
        if problems:
            raise RuntimeError(f"foreign key check failed after migration: {problems[:5]}")


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url(), foreign_keys=False)
    try:
        with engine.connect() as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
