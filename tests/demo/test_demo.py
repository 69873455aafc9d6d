"""`riskpanel demo`: a synthetic partnership built through the services, exactly once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select
from typer.testing import CliRunner

from riskpanel.cli import app as cli_app
from riskpanel.config import Settings, get_settings
from riskpanel.main import create_app
from riskpanel.models import Agency, Case, Meeting, Panel, Referral, User
from riskpanel.models.enums import AgencyKind
from riskpanel.roles import Role


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("RISKPANEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("RISKPANEL_SECRET_KEY", settings.secret_key)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def _counts(session: Session) -> dict[str, int]:
    session.rollback()  # a fresh snapshot
    return {
        name: session.exec(select(func.count()).select_from(model)).one()
        for name, model in {
            "panels": Panel,
            "agencies": Agency,
            "users": User,
            "referrals": Referral,
            "cases": Case,
            "meetings": Meeting,
        }.items()
    }


def test_demo_builds_once_and_its_coordinator_can_sign_in(
    cli: CliRunner, session: Session, settings: Settings, tmp_path: Path
) -> None:
    first = cli.invoke(cli_app, ["demo", "--output", str(tmp_path / "out")])
    assert first.exit_code == 0, first.output
    counts = _counts(session)
    assert counts["panels"] == 1 and counts["agencies"] == 9 and counts["meetings"] == 1
    assert 30 <= counts["referrals"] <= 60
    assert 0 < counts["cases"] < counts["referrals"]
    roles = set(session.exec(select(User.role)).all())
    assert {r.value for r in Role} - {"agency_client", "system"} <= roles
    kinds = set(session.exec(select(Agency.kind)).all())
    assert len(kinds) == 9 and kinds <= {k.value for k in AgencyKind}
    assert all(a.isa_signed_on and a.isa_expires_on for a in session.exec(select(Agency)))
    families = {r.victim_person_id for r in session.exec(select(Referral))}
    assert len(families) == counts["referrals"]

    password = re.search(r"password for all: (\S+)\)", first.output)
    email = re.search(r"coordinator\s+(\S+@\S+)", first.output)
    assert password and email, first.output
    assert settings.base_url in first.output
    pdfs = list((tmp_path / "out").glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")

    second = cli.invoke(cli_app, ["demo", "--output", str(tmp_path / "again")])
    assert second.exit_code == 0, second.output
    assert "demo data already present" in second.output
    assert _counts(session) == counts
    assert not (tmp_path / "again").exists()

    with TestClient(create_app(settings)) as client:
        r = client.post(
            "/api/v1/auth/session",
            json={"email": email.group(1), "password": password.group(1)},
        )
    assert r.status_code == 201, r.text
    assert r.json()["role"] == "coordinator"
