"""The demo modules build the demo once each, on a fresh copy of the migrated database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from riskpanel.cli import app as cli_app
from riskpanel.config import Settings, get_settings
from riskpanel.db import dispose_engines
from tests.conftest import TemplateDatabase, runtime_url


@pytest.fixture(scope="module")
def database_url(
    template_database: TemplateDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One fresh database for the module (overrides the per-test one): the demo is built
    once and every test reads it."""
    url = template_database.fresh_copy(tmp_path_factory.mktemp("demo-db"))
    yield runtime_url(url)  # as the app runs: the runtime role on PostgreSQL
    dispose_engines()
    template_database.drop(url)


def run_demo(database_url: str, workdir: Path, args: list[str]) -> tuple[Settings, Result]:
    """`riskpanel demo ARGS` as a user runs it; the settings the app then runs with."""
    settings = Settings(
        environment="test",
        database_url=database_url,
        secret_key="test-secret-key-" + "x" * 32,
        data_dir=workdir / "data",
        mfa_required=False,  # as in development, where the demo runs: passwords alone
    )
    with pytest.MonkeyPatch.context() as env:
        env.setenv("RISKPANEL_DATABASE_URL", database_url)
        env.setenv("RISKPANEL_SECRET_KEY", settings.secret_key)
        env.setenv("RISKPANEL_DATA_DIR", str(settings.data_dir))
        get_settings.cache_clear()
        result = CliRunner().invoke(cli_app, ["demo", *args])
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    return settings, result
