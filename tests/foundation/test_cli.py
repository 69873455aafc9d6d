"""The CLI: clear messages and a non-zero exit on bad input."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from riskpanel.cli import app as cli_app
from riskpanel.cli import main
from riskpanel.config import Settings
from riskpanel.main import create_app


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
