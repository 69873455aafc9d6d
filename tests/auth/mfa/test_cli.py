"""`riskpanel users reset-second-factor`: the way back when the only administrator's phone
is lost (nobody resets their own in the app)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from riskpanel.cli import app as cli_app
from riskpanel.models import AuditEvent, SecondFactor
from tests.auth.mfa.conftest import Clock, enrol, open_client
from tests.fixtures import World


def test_the_command_line_resets_an_administrators_own_factor(
    cli: CliRunner,
    app: FastAPI,
    world: World,
    engine: Engine,
    clock: Clock,
    web: list[TestClient],
) -> None:
    admin = enrol(open_client(web, app), "admin", clock)
    admin_id = world.users["admin"].id
    r = cli.invoke(cli_app, ["users", "reset-second-factor", str(admin_id)])
    assert r.exit_code == 0, r.output
    assert "second factor reset" in r.output
    assert admin.client.get("/admin/users", follow_redirects=False).status_code == 303
    with Session(engine) as s:
        assert s.get(SecondFactor, admin_id) is None
        event = s.exec(
            select(AuditEvent).where(
                AuditEvent.action == "administration", AuditEvent.subject_id == str(admin_id)
            )
        ).one()
    assert event.detail["outcome"] == "second_factor_reset" and event.actor_user_id is None
    assert cli.invoke(cli_app, ["users", "reset-second-factor", "999999"]).exit_code != 0
