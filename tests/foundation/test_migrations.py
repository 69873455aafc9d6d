"""The migrations are the schema: they build it, undo it, and agree with the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from riskpanel import migrate
from riskpanel.db import make_engine
from riskpanel.models import metadata


def test_models_and_migrations_agree(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_then_downgrade_base_then_upgrade_again(owner_database_url: str) -> None:
    """Migrations run as the schema's owner (the runtime role may not ALTER or DROP)."""
    database_url = owner_database_url
    migrate.downgrade(database_url, "base")
    engine = make_engine(database_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(metadata.tables) <= tables
    assert migrate.current_revision(database_url) == migrate.head_revision(database_url)


def test_sqlite_pragmas_or_postgres_settings(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15000
        else:
            assert conn.execute(text("SHOW server_version")).scalar()
    engine.dispose()


def test_the_polling_indexes_exist(database_url: str) -> None:
    engine = make_engine(database_url)
    insp = inspect(engine)
    names = {
        table: {ix["name"] for ix in insp.get_indexes(table)}
        for table in ("action", "case_file", "audit_event")
    }
    engine.dispose()
    assert "ix_action_agency_progress_due" in names["action"]
    assert "ix_case_panel_state" in names["case_file"]
    assert "ix_audit_subject_at" in names["audit_event"]
