"""End to end: a meeting built from the cases waiting, attendance and minutes recorded, and
the three documents downloaded through the API and rendered by the command line."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from riskpanel.cli import app as cli_app
from riskpanel.config import Settings, get_settings
from riskpanel.models import AuditEvent, Case
from tests.fixtures import World
from tests.meetings.factories import create_meeting, hold_meeting, make_case, pdf_pages
from tests.meetings.flow import (
    API,
    actions_agreed,
    agenda_from_proposal,
    minutes_etag,
    put_minutes,
    record_attendance,
)


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("RISKPANEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("RISKPANEL_SECRET_KEY", settings.secret_key)
    monkeypatch.setenv("RISKPANEL_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_meeting_from_waiting_cases_to_three_pdfs(
    client: TestClient, world: World, engine: Engine, cli: CliRunner, tmp_path: Path
) -> None:
    waiting = [
        make_case(engine, world, risk="standard", referred_days_ago=40),
        make_case(
            engine,
            world,
            risk="high",
            children=True,
            referred_days_ago=25,
            strands=("religion", "race"),
        ),
        make_case(engine, world, risk="high", referred_days_ago=33, strands=("disability",)),
        make_case(engine, world, risk="medium", route="repeat", referred_days_ago=21),
    ]
    late = make_case(engine, world, referred_days_ago=1)
    meeting = create_meeting(client, world, days_ahead=4)
    mid = meeting["id"]
    agenda = agenda_from_proposal(
        client,
        world,
        meeting,
        extra=[{"section": "any_other_business", "position": 50, "title": "Date of next meeting"}],
    )
    listed = [i["case_id"] for i in agenda["items"] if i["case_id"]]
    assert listed == [waiting[1].id, waiting[2].id, waiting[3].id, waiting[0].id]
    assert late.id not in listed
    hold_meeting(engine, mid)
    record_attendance(client, world, mid)
    owners = {
        waiting[1].id: ("childrens", "police"),
        waiting[2].id: ("housing",),
        waiting[3].id: ("victim_support", "police"),
    }
    for case_id in listed:
        if case_id in owners:
            body = actions_agreed(world, *owners[case_id])
        else:
            body = {"decision": "close_no_action", "decision_notes": "Risk now managed by housing."}
        r = put_minutes(client, world, mid, case_id, body)
        assert r.status_code == 200, r.text
    approve = client.post(
        f"{API}/{mid}/minutes/approve",
        headers=world.headers("chair", **{"If-Match": minutes_etag(client, world, mid)}),
    )
    assert approve.status_code == 200, approve.text
    with Session(engine) as session:
        states = {c.id: c.state for c in session.exec(select(Case)).all()}
    assert [states[c] for c in listed] == ["actions_open", "actions_open", "actions_open", "closed"]
    assert states[late.id] == "accepted"

    police = world.agencies["police"].id
    downloads = {
        "agenda": client.get(f"{API}/{mid}/agenda.pdf", headers=world.headers("coordinator")),
        "minutes": client.get(f"{API}/{mid}/minutes.pdf", headers=world.headers("chair")),
        "extract": client.get(
            f"{API}/{mid}/agencies/{police}/extract.pdf", headers=world.headers("police_system")
        ),
    }
    for name, r in downloads.items():
        assert r.status_code == 200, (name, r.text)
        pages = pdf_pages(r.content)
        assert all("OFFICIAL-SENSITIVE" in p for p in pages), name
        assert f"Page {len(pages)} of {len(pages)}" in pages[-1], name
    agenda_text = " ".join(pdf_pages(downloads["agenda"].content))
    assert "Date of next meeting" in agenda_text
    assert "Religion or belief" in agenda_text
    extract_text = " ".join(pdf_pages(downloads["extract"].content))
    assert "police action" in extract_text and "housing action" not in extract_text

    for document, extra in (
        ("agenda", []),
        ("minutes", []),
        ("extract", ["--agency", str(police)]),
    ):
        out = tmp_path / f"{document}.pdf"
        result = cli.invoke(
            cli_app, ["render", document, "--meeting", str(mid), *extra, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert out.read_bytes() == downloads[document].content
        assert hashlib.sha256(out.read_bytes()).hexdigest() in result.output
        assert out.stat().st_mode & 0o077 == 0
    with Session(engine) as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "disclosure").order_by(col(AuditEvent.id))
        ).all()
    assert len(events) == 6
    assert [e.actor_label for e in events[3:]] == ["riskpanel command line"] * 3
    for event, document in zip(events[3:], ("agenda", "minutes", "extract"), strict=True):
        assert event.detail["sha256"] == hashlib.sha256(downloads[document].content).hexdigest()
        assert event.recipients


def test_cli_refuses_bad_requests(cli: CliRunner, tmp_path: Path, world: World) -> None:
    out = tmp_path / "x.pdf"
    r = cli.invoke(cli_app, ["render", "extract", "--meeting", "1", "--out", str(out)])
    assert r.exit_code == 2 and "--agency" in r.output
    r = cli.invoke(cli_app, ["render", "agenda", "--meeting", "999", "--out", str(out)])
    assert r.exit_code != 0
    assert not out.exists()
