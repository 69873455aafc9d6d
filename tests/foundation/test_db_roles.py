"""`riskpanel db roles`: the owner migrates, the runtime role gets only what the app needs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from riskpanel.cli import app as cli_app
from riskpanel.config import Settings, get_settings
from tests.conftest import BACKEND

pg_only = pytest.mark.skipif(BACKEND != "postgresql", reason="roles exist on PostgreSQL only")


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("RISKPANEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("RISKPANEL_OWNER_DATABASE_URL", settings.migration_url)
    monkeypatch.setenv("RISKPANEL_SECRET_KEY", settings.secret_key)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def _rights(engine: Engine, table: str) -> dict[str, bool]:
    verbs = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES")
    with engine.connect() as conn:
        return {
            verb: bool(
                conn.execute(
                    text("SELECT has_table_privilege(:table, :verb)"),
                    {"table": table, "verb": verb},
                ).scalar_one()
            )
            for verb in verbs
        }


def test_help_names_what_the_roles_get() -> None:
    result = CliRunner().invoke(cli_app, ["db", "roles", "--help"])
    assert result.exit_code == 0
    assert "SELECT and INSERT on the access log" in result.output


@pg_only
def test_roles_is_idempotent_and_upgrade_renews_the_grants(
    cli: CliRunner, engine: Engine, owner_engine: Engine
) -> None:
    for _ in range(2):
        result = cli.invoke(cli_app, ["db", "roles"])
        assert result.exit_code == 0, result.output
        assert "runtime role riskpanel_test_runtime (exists)" in result.output
    log_only = {"SELECT": True, "INSERT": True}
    for table in ("audit_event", "audit_link"):
        assert {k for k, v in _rights(engine, table).items() if v} == set(log_only)
    assert {k for k, v in _rights(engine, "case_file").items() if v} == {
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
    }
    with owner_engine.begin() as conn:  # a new table from a release, or a lost grant
        conn.execute(text("REVOKE ALL ON case_file FROM riskpanel_test_runtime"))
        conn.execute(text("GRANT TRUNCATE ON audit_event TO riskpanel_test_runtime"))
    result = cli.invoke(cli_app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert _rights(engine, "case_file")["UPDATE"]
    assert not _rights(engine, "audit_event")["TRUNCATE"]
    with engine.connect() as conn:
        owned = conn.execute(
            text("SELECT count(*) FROM pg_tables WHERE tableowner = current_user")
        ).scalar_one()
    assert owned == 0


@pg_only
def test_a_superuser_is_refused_as_the_runtime_role(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKPANEL_DATABASE_URL", settings.migration_url)  # postgres
    monkeypatch.setenv("RISKPANEL_OWNER_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    result = CliRunner().invoke(cli_app, ["db", "roles"])
    get_settings.cache_clear()
    assert result.exit_code == 2
    assert "the runtime role must own nothing" in result.output


def test_roles_needs_two_postgresql_roles(cli: CliRunner, settings: Settings) -> None:
    if BACKEND == "postgresql":
        pytest.skip("the SQLite message")
    result = cli.invoke(cli_app, ["db", "roles"])
    assert result.exit_code == 2
    assert "must name a PostgreSQL runtime role" in result.output
