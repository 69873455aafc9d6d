"""The CLI: clear messages and a non-zero exit on bad input."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from riskpanel import migrate
from riskpanel.cli import app as cli_app
from riskpanel.cli import main
from riskpanel.cli.common import upgrade_first
from riskpanel.config import Settings, get_settings
from riskpanel.main import configure_logging, create_app


def test_db_current_reports_head(cli: CliRunner, settings: Settings) -> None:
    from riskpanel import migrate

    result = cli.invoke(cli_app, ["db", "current"])
    assert result.exit_code == 0
    head = migrate.head_revision(settings.database_url)
    assert f"current: {head}" in result.output and f"head:    {head}" in result.output


def test_agencies_and_panels_add_and_list(cli: CliRunner) -> None:
    r = cli.invoke(
        cli_app,
        [
            "agencies",
            "add",
            "--name",
            "Borough Housing",
            "--kind",
            "housing",
            "--isa-signed",
            "2026-01-01",
            "--isa-expires",
            "2027-01-01",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "created agency" in r.output
    r = cli.invoke(cli_app, ["agencies", "list", "--json"])
    assert '"name": "Borough Housing"' in r.output
    r = cli.invoke(
        cli_app,
        [
            "panels",
            "add",
            "--name",
            "East HCRP",
            "--area",
            "East",
            "--threshold",
            "high_risk_score=12",
            "--member",
            "1",
        ],
    )
    assert r.exit_code == 0, r.output
    r = cli.invoke(cli_app, ["panels", "list"])
    assert "East HCRP" in r.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["agencies", "add", "--name", "X Agency", "--kind", "bakery"], "'bakery' is not one of"),
        (
            [
                "agencies",
                "add",
                "--name",
                "X Agency",
                "--kind",
                "police",
                "--isa-signed",
                "2026-13-01",
            ],
            "is not a date",
        ),
        (
            ["panels", "add", "--name", "P", "--area", "A", "--threshold", "high=lots"],
            "expected NAME=WHOLE_NUMBER",
        ),
    ],
)
def test_bad_options_exit_non_zero_with_a_message(
    cli: CliRunner, args: list[str], message: str
) -> None:
    r = cli.invoke(cli_app, args)
    assert r.exit_code == 2
    assert message in " ".join(r.output.split())


def test_domain_errors_are_one_line_and_exit_2(
    cli: CliRunner, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    for argv, expected in [
        (
            ["admin", "create-user", "--email", "nope", "--name", "N", "--role", "chair"],
            "error: email: must be an email address",
        ),
        (
            [
                "agencies",
                "add",
                "--name",
                "Lone",
                "--kind",
                "police",
                "--isa-expires",
                "2027-01-01",
            ],
            "isa_signed_on is required",
        ),
        (
            ["panels", "add", "--name", "Panel One", "--area", "Area", "--member", "999"],
            "no agency with id 999",
        ),
    ]:
        sys.argv = ["riskpanel", *argv]
        with pytest.raises(SystemExit) as exc:
            main()
        assert exc.value.code == 2
        assert expected in capsys.readouterr().err


def test_create_user_prints_a_token_that_authenticates(cli: CliRunner, settings: Settings) -> None:
    r = cli.invoke(
        cli_app,
        [
            "admin",
            "create-user",
            "--email",
            "c@example.org",
            "--name",
            "Casey",
            "--role",
            "coordinator",
        ],
    )
    assert r.exit_code == 0, r.output
    token = r.output.split("keep it safe): ")[1].strip()
    assert token.startswith("rpt_")
    with TestClient(create_app(settings)) as c:
        ok = c.get("/api/v1/health", headers={"Authorization": f"Bearer {token}"})
        bad = c.get("/api/v1/health", headers={"Authorization": f"Bearer {token}x"})
    assert ok.status_code == 200
    assert bad.status_code == 401
    assert bad.headers["content-type"] == "application/problem+json"


def test_demo_on_a_fresh_sqlite_file_migrates_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`riskpanel demo` on a new SQLite file once crashed with "no such table: panel"; it now
    upgrades the schema first, as `serve` does, and without that says what to run."""
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("RISKPANEL_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        refused = CliRunner().invoke(cli_app, ["demo", "--no-migrate", "--no-pdf"])
        assert refused.exit_code == 1
        assert "run `riskpanel db upgrade` first" in refused.output
        cfg = get_settings()
        assert upgrade_first(cfg, None) is True  # SQLite: on by default
        assert migrate.current_revision(url) == migrate.head_revision(url)
        assert (
            upgrade_first(cfg.model_copy(update={"database_url": "postgresql://x/y"}), None)
            is False
        )
    finally:
        get_settings.cache_clear()


def test_the_server_log_is_not_flooded_by_state_changes() -> None:
    """`transitions` logs every state entered and left at INFO; the app sets it to WARNING,
    while the rest of the log stays at the configured level."""
    root, quiet = logging.getLogger(), logging.getLogger("transitions")
    levels = root.level, quiet.level
    root.setLevel(logging.INFO)  # what basicConfig sets outside pytest, which owns the root
    quiet.setLevel(logging.NOTSET)
    try:
        configure_logging(Settings(_env_file=None, log_level="INFO"))
        assert logging.getLogger("riskpanel").isEnabledFor(logging.INFO)
        assert not logging.getLogger("transitions.core").isEnabledFor(logging.INFO)
        assert logging.getLogger("transitions.core").isEnabledFor(logging.WARNING)
    finally:
        root.setLevel(levels[0])
        quiet.setLevel(levels[1])
