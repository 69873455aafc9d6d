"""`riskpanel workflow check|diagram|migrate` and start-up refusal of a broken file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from riskpanel.cli import app as cli_app
from riskpanel.config import Settings, get_settings
from riskpanel.main import create_app
from riskpanel.models import Case, CaseHistory
from riskpanel.workflow import WorkflowDefinitionError
from tests.factories import make_case, refresh_view
from tests.fixtures import World

SHIPPED = Path(__file__).resolve().parents[2] / "workflows" / "hate_crime_panel.yaml"
runner = CliRunner()


def test_check_passes_the_shipped_file_and_fails_a_broken_copy(tmp_path: Path) -> None:
    ok = runner.invoke(cli_app, ["workflow", "check", str(SHIPPED)])
    assert ok.exit_code == 0 and "ok (hate_crime_panel v1" in ok.output
    broken = tmp_path / "broken.yaml"
    broken.write_text(SHIPPED.read_text().replace("dest: review", "dest: reveiw"))
    bad = runner.invoke(cli_app, ["workflow", "check", str(broken)])
    assert bad.exit_code == 1
    assert "goes to unknown state 'reveiw'" in bad.output
    assert runner.invoke(cli_app, ["workflow", "check", str(tmp_path / "none.yaml")]).exit_code == 1


def test_diagram_shows_every_state() -> None:
    mermaid = runner.invoke(cli_app, ["workflow", "diagram", str(SHIPPED)])
    assert mermaid.exit_code == 0
    for state in (
        "referred",
        "screening",
        "info_requested",
        "accepted",
        "rejected",
        "listed",
        "heard",
        "actions_open",
        "review",
        "monitoring",
        "closed",
        "withdrawn",
    ):
        assert f"{state} :" in mermaid.output
    dot = runner.invoke(cli_app, ["workflow", "diagram", str(SHIPPED), "--format", "dot"])
    assert dot.output.startswith('digraph "hate_crime_panel_v1"')
    assert (
        runner.invoke(cli_app, ["workflow", "diagram", str(SHIPPED), "--format", "png"]).exit_code
        == 2
    )


def test_a_broken_workflow_stops_start_up(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "hate_crime_panel.yaml").write_text(
        SHIPPED.read_text().replace("dest: heard", "dest: herd")
    )
    with pytest.raises(WorkflowDefinitionError, match="herd"):
        create_app(settings.model_copy(update={"workflows_dir": tmp_path}))


def test_migrate_moves_cases_to_a_new_version_dry_run_first(
    session: Session,
    settings: Settings,
    world: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "workflows"
    folder.mkdir()
    shutil.copy(SHIPPED, folder / "hate_crime_panel.yaml")
    v2 = (
        SHIPPED.read_text()
        .replace("version: 1", "version: 2")
        .replace(
            "  info_requested:\n    label: More information requested\n",
            "  awaiting_referrer:\n    label: Waiting for the referrer\n",
        )
        .replace("info_requested", "awaiting_referrer")
    )
    (folder / "hate_crime_panel_v2.yaml").write_text(v2)
    monkeypatch.setenv("RISKPANEL_WORKFLOWS_DIR", str(folder))
    monkeypatch.setenv("RISKPANEL_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    case = make_case(session, world, settings, state="info_requested")
    other = make_case(session, world, settings, state="screening")
    args = ["workflow", "migrate", "--from", "1", "--to", "2"]
    refused = runner.invoke(cli_app, args)
    assert refused.exit_code != 0 and "info_requested" in str(refused.exception or refused.output)
    dry = runner.invoke(cli_app, [*args, "--map", "info_requested=awaiting_referrer"])
    assert dry.exit_code == 0, dry.output
    assert (
        "info_requested -> awaiting_referrer: 1 case(s)" in dry.output and "dry run" in dry.output
    )
    refresh_view(session)
    assert session.get(Case, case.id).workflow_version == 1  # type: ignore[union-attr]
    applied = runner.invoke(
        cli_app, [*args, "--map", "info_requested=awaiting_referrer", "--apply"]
    )
    assert applied.exit_code == 0 and "applied" in applied.output
    refresh_view(session)
    moved = session.get(Case, case.id)
    assert moved is not None and (moved.state, moved.workflow_version) == ("awaiting_referrer", 2)
    assert session.get(Case, other.id).state == "screening"  # type: ignore[union-attr]
    history = session.exec(
        select(CaseHistory).where(
            CaseHistory.case_id == case.id, CaseHistory.trigger == "workflow_migration"
        )
    ).all()
    assert len(history) == 1
    get_settings.cache_clear()
