"""Sealing: idempotent, leaves recent events for later, and never forks under concurrency."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select
from typer.testing import CliRunner

from riskpanel.audit import chain, checkpoints
from riskpanel.cli import app as cli_app
from riskpanel.config import Settings
from riskpanel.models import AuditLink, utcnow
from tests.audit.conftest import write_events


def test_seal_is_idempotent_and_respects_the_grace(session: Session) -> None:
    write_events(session, 4)
    assert chain.seal(session=session, grace=timedelta(hours=1)) == 0
    assert chain.seal(session=session, grace=timedelta(0)) == 4
    session.commit()
    assert chain.seal(session=session, grace=timedelta(0)) == 0
    session.commit()
    report = chain.verify(session=session)
    assert report.ok and report.checked == 4 and report.unsealed == 0


def test_two_sealers_at_once_do_not_fork_the_chain(engine: Engine, session: Session) -> None:
    write_events(session, 300)
    session.rollback()
    barrier = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def sealer() -> None:
        try:
            with Session(engine) as own:
                barrier.wait(timeout=10)
                results.append(chain.seal(session=own, grace=timedelta(0)))
                own.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=sealer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert sorted(results) == [0, 300]  # one sealer did the work, the other found none
    session.rollback()
    assert session.exec(select(func.count()).select_from(AuditLink)).one() == 300
    assert chain.verify(session=session).ok


def test_cli_seal(session: Session, cli: CliRunner) -> None:
    write_events(session, 3)
    r = cli.invoke(cli_app, ["audit", "seal", "--grace-seconds", "0"])
    assert r.exit_code == 0 and "sealed 3 event(s)" in r.output
    r = cli.invoke(cli_app, ["audit", "checkpoint", "--json", "--grace-seconds", "0"])
    assert '"seq": 3' in r.output


def test_tick_checkpoints_only_when_the_head_moved(
    session: Session, cli: CliRunner, settings: Settings
) -> None:
    def ticked() -> int:
        result = cli.invoke(cli_app, ["tick", "--json"])
        assert result.exit_code == 0, result.output
        return int(json.loads(result.output)["jobs"]["audit_checkpoint"])

    assert ticked() == 1  # the empty log's genesis: emptying it later would show
    assert ticked() == 0
    write_events(session, 2)
    chain.seal(session=session, grace=timedelta(0))
    session.commit()
    assert ticked() == 1
    lines = (settings.checkpoint_dir / "checkpoints.jsonl").read_text().splitlines()
    assert [json.loads(line)["count"] for line in lines] == [0, 2]
    assert all(len(json.loads(line)["sig"]) == 64 for line in lines)


def test_a_long_checkpoint_file_is_read_from_its_tail(
    session: Session, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checkpoints, "TAIL_BYTES", 1024)
    key = settings.audit_key.encode()
    for _ in range(30):
        write_events(session, 1)
        chain.seal(session=session, grace=timedelta(0))
        session.commit()
        assert checkpoints.write(
            session=session, directory=settings.checkpoint_dir, key=key, now=utcnow()
        )
    latest, problems = checkpoints.read_latest(settings.checkpoint_dir, key)
    assert problems == [] and latest is not None and latest.count == 30
    path = settings.checkpoint_dir / checkpoints.FILE_NAME
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines[:-1], lines[-1].replace('"count": 30', '"count": 31')]))
    latest, problems = checkpoints.read_latest(settings.checkpoint_dir, key)
    assert latest is not None and latest.count == 29
    assert problems == [
        f"checkpoint file {path}, line -1: signature does not verify (altered, or signed "
        "with another audit key)"
    ]
