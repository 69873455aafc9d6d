"""`riskpanel sso check` reads each provider's discovery document and keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from riskpanel.cli import app as cli_app
from riskpanel.config import get_settings
from tests.auth.oidc.conftest import SLUG, providers_file
from tests.auth.oidc.provider import TestProvider
from tests.web.live import free_port


@pytest.fixture
def cli() -> Iterator[CliRunner]:
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_check_reports_each_provider(
    cli: CliRunner, provider: TestProvider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = providers_file(tmp_path, provider.issuer)
    monkeypatch.setenv("RISKPANEL_OIDC_PROVIDERS_FILE", str(path))
    result = cli.invoke(cli_app, ["sso", "check"])
    assert result.exit_code == 0, result.output
    assert f"{SLUG}: ok, 'Testshire Police', 1 signing key(s) (RS256)" in result.output
    assert provider.discovery_fetches == 1 and provider.jwks_fetches == 1


def test_check_fails_for_a_provider_that_cannot_be_reached(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = providers_file(tmp_path, f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("RISKPANEL_OIDC_PROVIDERS_FILE", str(path))
    result = cli.invoke(cli_app, ["sso", "check"])
    assert result.exit_code == 1
    assert f"{SLUG}: cannot be used" in result.output
