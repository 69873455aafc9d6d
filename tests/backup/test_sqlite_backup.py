"""`riskpanel backup` on SQLite: a consistent, checked copy while another connection writes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from riskpanel import migrate
from riskpanel.audit.service import record
from riskpanel.config import Settings
from riskpanel.db import make_engine
from riskpanel.kit.principal import Principal
from riskpanel.models import AuditEvent
from riskpanel.models.enums import AuditAction
from tests.backup.conftest import Run, some_actions
from tests.conftest import BACKEND
from tests.fixtures import World

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="the SQLite online backup API")
WRITER = Principal(role="agency", label="Busy partner system", agency_id=1)


def _write_pairs(url: str, stop: threading.Event, done: list[int]) -> None:
    """Commit two audit rows per transaction until told to stop: a copy taken mid-way
    must hold both rows of every transaction or neither."""
    engine = make_engine(url)
    try:
        txn = 0
        while not stop.is_set():
            txn += 1
            with Session(engine) as session:
                for half in ("first", "second"):
                    record(
                        session=session,
                        principal=WRITER,
                        action=AuditAction.CONSULTATION,
                        subject_type="backup_probe",
                        subject_id=txn,
                        purpose="audit",
                        detail={"half": half},
                    )
                session.commit()
            done.append(txn)
    finally:
        engine.dispose()


def _probe_txns(path: Path) -> Counter[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT subject_id FROM audit_event WHERE subject_type = 'backup_probe'"
        ).fetchall()
    return Counter(str(r[0]) for r in rows)


def test_backup_while_another_connection_writes(
    run: Run, settings: Settings, tmp_path: Path
) -> None:
    stop, done = threading.Event(), []
    writer = threading.Thread(target=_write_pairs, args=(settings.database_url, stop, done))
    writer.start()
    try:
        while len(done) < 5:
            writer.join(0.01)
        copies = []
        for n in range(3):
            out = tmp_path / f"backup-{n}.db"
            before = len(done)
            result = run("backup", "--out", str(out))
            assert result.code == 0, result.err
            copies.append((out, before, len(done)))
    finally:
        stop.set()
        writer.join()
    head = migrate.head_revision(settings.database_url)
    for out, before, after in copies:
        manifest = json.loads(out.with_name(out.name + ".json").read_text())
        assert manifest["alembic_revision"] == head
        assert manifest["check"] == "PRAGMA integrity_check: ok"
        assert manifest["bytes"] == out.stat().st_size
        with sqlite3.connect(out) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        txns = _probe_txns(out)
        assert set(txns.values()) == {2}, "a transaction was copied in half"
        seen = sorted(int(t) for t in txns)
        assert seen == list(range(1, len(seen) + 1)), "the copy is not one moment in time"
        assert before <= len(seen) <= after + 1
        assert not out.with_name(out.name + "-wal").exists()
    assert any(after > before for _, before, after in copies), "no write ran beside a backup"
    assert not list(tmp_path.glob(".backup-*")), "a staging file was left behind"


def test_backup_is_audited_and_hashed(
    run: Run, settings: Settings, engine: Engine, world: World, tmp_path: Path
) -> None:
    some_actions(engine, world, settings, 2)
    out = tmp_path / "nightly.db"
    result = run("backup", "--out", str(out), "--json")
    assert result.code == 0, result.err
    manifest = json.loads(result.out)
    assert manifest["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert json.loads(out.with_name("nightly.db.json").read_text()) == manifest
    with Session(make_engine(settings.database_url, begin_immediate=False)) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.subject_type == "database")).one()
    assert event.action == "administration" and event.actor_label == "riskpanel command line"
    assert event.detail["operation"] == "backup"
    assert event.detail["sha256"] == manifest["sha256"]
    assert event.detail["file"] == "nightly.db"
