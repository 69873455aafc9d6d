"""`riskpanel scrutiny pack create|show|review|release|pdf` and `riskpanel scrutiny stats`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from riskpanel.cli import app as cli_app
from riskpanel.config import Settings, get_settings
from riskpanel.models import AuditEvent, ScrutinySummary
from tests.fixtures import World
from tests.scrutiny.factories import ScrutinyFactory


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("RISKPANEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("RISKPANEL_SECRET_KEY", settings.secret_key)
    monkeypatch.setenv("RISKPANEL_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_pack_lifecycle_from_the_command_line(
    cli: CliRunner, world: World, session: Session, tmp_path: Path
) -> None:
    factory = ScrutinyFactory(session, world, seed=3)
    for _ in range(3):
        factory.closed_case(strands=("race",), district="Northgate", age=30, sex="female")
    panel = str(world.panel.id)
    r = cli.invoke(
        cli_app,
        [
            "scrutiny",
            "pack",
            "create",
            "--panel",
            panel,
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--sample",
            "3",
            "--k",
            "3",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "3 summaries of 3 closed cases" in r.output and "3 to review" in r.output
    pack_id = r.output.split()[1].rstrip(":")
    shown = cli.invoke(cli_app, ["scrutiny", "pack", "show", pack_id, "--json"])
    assert shown.exit_code == 0, shown.output
    detail = json.loads(shown.output)
    ids = [str(s["id"]) for s in detail["summaries"]]
    early = cli.invoke(cli_app, ["scrutiny", "pack", "release", pack_id, "--recipient", "G"])
    assert early.exit_code != 0
    args = ["scrutiny", "pack", "review", pack_id]
    for sid in ids:
        args += ["--summary", sid]
    assert cli.invoke(cli_app, args).exit_code == 0
    released = cli.invoke(cli_app, ["scrutiny", "pack", "release", pack_id, "--recipient", "Group"])
    assert released.exit_code == 0, released.output
    assert "status released" in released.output and "(intact)" in released.output
    out = tmp_path / "pack.pdf"
    written = cli.invoke(
        cli_app,
        ["scrutiny", "pack", "pdf", pack_id, "--out", str(out), "--recipient", "Scrutiny chair"],
    )
    assert written.exit_code == 0, written.output
    assert out.read_bytes().startswith(b"%PDF") and oct(out.stat().st_mode & 0o777) == "0o600"
    session.expire_all()
    events = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "disclosure")).all()
    assert {"Group"} <= {r for e in events for r in e.recipients}
    assert any("Scrutiny chair" in e.recipients for e in events)
    rows = session.exec(select(ScrutinySummary).where(col(ScrutinySummary.pack_id) == int(pack_id)))
    assert all(s.reviewed for s in rows)


def test_stats_prints_json_or_csv(cli: CliRunner, world: World, session: Session) -> None:
    ScrutinyFactory(session, world, seed=4).closed_case()
    base = [
        "scrutiny",
        "stats",
        "--panel",
        str(world.panel.id),
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
    ]
    r = cli.invoke(cli_app, base)
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["cases"] is None  # one case: below 10, suppressed
    r = cli.invoke(cli_app, [*base, "--csv"])
    assert r.exit_code == 0 and r.output.startswith("table,row,column,value")
    bad = cli.invoke(
        cli_app,
        ["scrutiny", "stats", "--panel", "999", "--from", "2025-01-01", "--to", "2025-12-31"],
    )
    assert bad.exit_code != 0
