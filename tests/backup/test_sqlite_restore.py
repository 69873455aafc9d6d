"""`riskpanel restore` on SQLite: checked, all or nothing, and only when asked to."""

from __future__ import annotations

import contextlib
import random
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from riskpanel import migrate
from riskpanel.cli import app as cli_app
from riskpanel.config import Settings
from riskpanel.db import dispose_engines
from riskpanel.main import create_app
from tests.backup.conftest import Run, some_actions
from tests.conftest import BACKEND
from tests.fixtures import World

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="restore is for SQLite")


def _live(settings: Settings) -> Path:
    return Path(make_url(settings.database_url).database or "")


def _query(path: Path, sql: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def _fingerprint(path: Path) -> tuple:
    return (
        _query(path, "SELECT count(*), max(id) FROM audit_event")[0],
        _query(path, "SELECT reference FROM action ORDER BY id"),
        _query(path, "SELECT version_num FROM alembic_version"),
    )


def _backup(run: Run, tmp_path: Path, name: str = "backup.db") -> Path:
    out = tmp_path / name
    result = run("backup", "--out", str(out))
    assert result.code == 0, result.err
    return out


def _no_staging_left(settings: Settings) -> None:
    live = _live(settings)
    assert not list(live.parent.glob(f".{live.name}.restore-*"))


def test_restore_round_trip(
    run: Run, settings: Settings, engine: Engine, world: World, tmp_path: Path
) -> None:
    kept = some_actions(engine, world, settings, 3)
    out = _backup(run, tmp_path)
    later = some_actions(engine, world, settings, 2)
    dispose_engines()  # the server is stopped before a restore
    result = run("restore", "--from", str(out), "--yes")
    assert result.code == 0, result.err
    live = _live(settings)
    refs = {r[0] for r in _query(live, "SELECT reference FROM action")}
    assert {a.reference for a in kept} <= refs
    assert not refs & {a.reference for a in later}
    assert _query(live, "PRAGMA integrity_check") == [("ok",)]
    sha = _query(live, "SELECT detail FROM audit_event WHERE subject_type = 'database'")
    assert '"operation": "restore"' in sha[-1][0] and '"file": "backup.db"' in sha[-1][0]
    previous = list(live.parent.glob(f"{live.name}.pre-restore-*"))
    assert len(previous) == 1, "the replaced database is kept"
    old_refs = {r[0] for r in _query(previous[0], "SELECT reference FROM action")}
    assert {a.reference for a in later} <= old_refs
    _no_staging_left(settings)
    with TestClient(create_app(settings)) as client:  # the app runs on the restored file
        r = client.get(f"/api/v1/actions/{kept[0].id}", headers=world.headers("police_system"))
    assert r.status_code == 200 and r.json()["reference"] == kept[0].reference


def test_after_a_restore_the_access_log_verifies_against_a_noted_checkpoint(
    run: Run, settings: Settings, engine: Engine, world: World, tmp_path: Path
) -> None:
    """The restore moved the log's head back on purpose; a later cut would still show."""
    some_actions(engine, world, settings, 2)
    assert run("audit", "checkpoint", "--grace-seconds", "0").code == 0
    out = _backup(run, tmp_path)
    some_actions(engine, world, settings, 2)
    assert run("audit", "checkpoint", "--grace-seconds", "0").code == 0
    dispose_engines()
    result = run("restore", "--from", str(out), "--yes")
    assert result.code == 0, result.err
    verified = run("audit", "verify")
    assert verified.code == 0, verified.err
    assert "(restored from backup.db)" in verified.out and "chain intact" in verified.out
    journal = settings.checkpoint_dir / "checkpoints.jsonl"
    assert len(journal.read_text(encoding="utf-8").splitlines()) == 3  # the history stays


def test_restore_refuses_while_the_database_is_open(
    run: Run, settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    out = _backup(run, tmp_path)
    with engine.connect() as conn:  # a running server holds connections like this one
        conn.exec_driver_sql("SELECT 1")
        result = run("restore", "--from", str(out), "--yes")
    assert result.code == 2
    assert "is in use" in result.err and "stop `riskpanel serve`" in result.err
    _no_staging_left(settings)


def _corrupt(path: Path) -> None:
    """Scribble over a run of b-tree pages, leaving page 1 (the schema) readable."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    rng = random.Random(2026)
    for number in range(2, min(len(data) // page, 40)):
        start = number * page
        data[start : start + 64] = rng.randbytes(64)
    path.write_bytes(bytes(data))


def test_a_corrupted_backup_is_refused(
    run: Run, settings: Settings, engine: Engine, world: World, tmp_path: Path
) -> None:
    some_actions(engine, world, settings, 2)
    out = _backup(run, tmp_path)
    out.with_name(out.name + ".json").unlink()  # no manifest: integrity_check must catch it
    _corrupt(out)
    dispose_engines()
    before = _fingerprint(_live(settings))
    result = run("restore", "--from", str(out), "--yes")
    assert result.code == 2
    assert "fails PRAGMA integrity_check" in result.err
    assert _fingerprint(_live(settings)) == before
    _no_staging_left(settings)


def test_a_backup_that_changed_since_its_manifest_is_refused(
    run: Run, settings: Settings, tmp_path: Path
) -> None:
    out = _backup(run, tmp_path)
    with contextlib.closing(sqlite3.connect(out)) as conn:
        conn.execute("DELETE FROM agency")
        conn.commit()
    dispose_engines()
    result = run("restore", "--from", str(out), "--yes")
    assert result.code == 2
    assert "does not match the SHA-256 in backup.db.json" in result.err


def test_a_file_that_is_not_a_database_is_refused(
    run: Run, settings: Settings, tmp_path: Path
) -> None:
    text = tmp_path / "notes.db"
    text.write_text("Minutes of the panel, not a database.\n" * 200)
    dispose_engines()
    result = run("restore", "--from", str(text), "--yes")
    assert result.code == 2 and "not a SQLite database" in result.err
    missing = run("restore", "--from", str(tmp_path / "nothing.db"), "--yes")
    assert missing.code == 2 and "no file at" in missing.err


def test_a_backup_from_a_newer_schema_is_refused(
    run: Run, settings: Settings, tmp_path: Path
) -> None:
    out = _backup(run, tmp_path)
    with contextlib.closing(sqlite3.connect(out)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        conn.commit()
    out.with_name(out.name + ".json").unlink()
    dispose_engines()
    before = _fingerprint(_live(settings))
    result = run("restore", "--from", str(out), "--yes")
    assert result.code == 2
    assert "schema revision 9999_from_the_future is newer than this riskpanel knows" in result.err
    assert _fingerprint(_live(settings)) == before
    _no_staging_left(settings)


def test_a_backup_from_an_older_schema_is_upgraded(
    run: Run, settings: Settings, tmp_path: Path
) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config(settings.database_url))
    base, head = script.get_base(), script.get_current_head()
    if base == head:
        pytest.skip("only one schema revision exists")
    old = tmp_path / "old.db"
    migrate.upgrade(f"sqlite:///{old}", str(base))
    dispose_engines()
    result = run("restore", "--from", str(old), "--yes")
    assert result.code == 0, result.err
    assert f"schema upgraded from {base} to {head}" in result.out
    live = _live(settings)
    assert _query(live, "SELECT version_num FROM alembic_version") == [(head,)]
    assert _query(live, "PRAGMA integrity_check") == [("ok",)]


def test_restore_needs_yes_when_it_cannot_ask(run: Run, settings: Settings, tmp_path: Path) -> None:
    out = _backup(run, tmp_path)
    dispose_engines()
    before = _fingerprint(_live(settings))
    result = run("restore", "--from", str(out))
    assert result.code == 2
    assert "pass --yes (stdin is not a terminal)" in result.err
    assert result.err.count("\n") == 1
    assert _fingerprint(_live(settings)) == before


def test_restore_asks_on_a_terminal(
    run: Run,
    settings: Settings,
    engine: Engine,
    world: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = _backup(run, tmp_path)
    added = some_actions(engine, world, settings, 1)[0]
    dispose_engines()
    monkeypatch.setattr("riskpanel.cli.backup._interactive", lambda: True)
    declined = CliRunner().invoke(cli_app, ["restore", "--from", str(out)], input="n\n")
    assert declined.exit_code == 2
    assert "integrity_check ok" in declined.output and "(matches its manifest)" in declined.output
    refs = {r[0] for r in _query(_live(settings), "SELECT reference FROM action")}
    assert added.reference in refs  # nothing changed
    _no_staging_left(settings)
    accepted = CliRunner().invoke(cli_app, ["restore", "--from", str(out)], input="y\n")
    assert accepted.exit_code == 0, accepted.output
    refs = {r[0] for r in _query(_live(settings), "SELECT reference FROM action")}
    assert added.reference not in refs
