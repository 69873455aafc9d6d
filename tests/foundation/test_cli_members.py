"""`riskpanel panels members`: list, add and end a panel's memberships from the command line."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from riskpanel.cli import app as cli_app
from riskpanel.models import AuditEvent, PanelMembership
from tests.fixtures import World


def _row(engine: Engine, world: World, agency: str) -> PanelMembership | None:
    with Session(engine) as session:
        return session.exec(
            select(PanelMembership).where(
                col(PanelMembership.panel_id) == world.panel.id,
                col(PanelMembership.agency_id) == world.agencies[agency].id,
            )
        ).first()


def test_members_add_end_and_list(cli: CliRunner, world: World, engine: Engine) -> None:
    panel, outsider = str(world.panel.id), str(world.agencies["outsider"].id)
    start = date.today() - timedelta(days=30)
    r = cli.invoke(
        cli_app,
        [
            "panels",
            "members",
            "add",
            "--panel",
            panel,
            "--agency",
            outsider,
            "--joined",
            str(start),
        ],
    )
    assert r.exit_code == 0, r.output
    assert "Test Outsider" in r.output and str(start) in r.output
    row = _row(engine, world, "outsider")
    assert row is not None and row.joined_on == start and row.left_on is None
    r = cli.invoke(cli_app, ["panels", "members", "end", "--panel", panel, "--agency", outsider])
    assert r.exit_code == 0, r.output
    row = _row(engine, world, "outsider")
    assert row is not None and row.left_on == date.today()
    r = cli.invoke(cli_app, ["panels", "members", "list", "--panel", panel, "--json"])
    assert r.exit_code == 0, r.output
    listed = {m["agency_name"]: m for m in json.loads(r.output)["items"]}
    assert listed["Test Outsider"]["in_force"] is False
    assert listed["Test Police"]["in_force"] is True
    r = cli.invoke(cli_app, ["panels", "members", "list", "--panel", panel])
    assert "Test Outsider" in r.output and "ended" in r.output
    with Session(engine) as session:
        events = session.exec(
            select(AuditEvent).where(col(AuditEvent.subject_type) == "panel_membership")
        ).all()
    assert [e.detail["change"] for e in events] == ["joined", "dates_changed"]


def test_members_help_and_bad_dates(cli: CliRunner, world: World) -> None:
    r = cli.invoke(cli_app, ["panels", "members", "--help"])
    assert r.exit_code == 0
    assert "add" in r.output and "end" in r.output and "list" in r.output
    r = cli.invoke(
        cli_app,
        [
            "panels",
            "members",
            "end",
            "--panel",
            str(world.panel.id),
            "--agency",
            "1",
            "--on",
            "soon",
        ],
    )
    assert r.exit_code == 2
    assert "is not a date" in r.output
