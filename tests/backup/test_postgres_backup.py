"""`riskpanel backup` on PostgreSQL wraps pg_dump; `restore` prints pg_restore steps that work."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from riskpanel import migrate
from riskpanel.config import Settings
from tests.backup.conftest import Run, some_actions
from tests.conftest import BACKEND
from tests.fixtures import World

pytestmark = [
    pytest.mark.skipif(BACKEND != "postgresql", reason="pg_dump and pg_restore"),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="postgresql-client"),
]


def _steps(output: str) -> list[list[str]]:
    return [shlex.split(line) for line in output.splitlines() if line and not line.startswith("#")]


def test_backup_dumps_and_the_printed_restore_steps_bring_it_back(
    run: Run, settings: Settings, engine: Engine, world: World, tmp_path: Path
) -> None:
    actions = some_actions(engine, world, settings, 3)
    out = tmp_path / "riskpanel.dump"
    result = run("backup", "--out", str(out), "--json")
    assert result.code == 0, result.err
    manifest = json.loads(result.out)
    assert manifest["backend"] == "postgresql"
    assert manifest["alembic_revision"] == migrate.head_revision(settings.database_url)
    assert manifest["check"] == "pg_restore read every entry: ok"
    listing = subprocess.run(["pg_restore", "--list", str(out)], capture_output=True, text=True)
    assert "TABLE DATA public action" in listing.stdout

    refused = run("restore", "--from", str(out), "--yes")
    assert refused.code == 2 and "on PostgreSQL run the pg_restore steps above" in refused.err
    steps = _steps(refused.out)
    assert [s[0] for s in steps] == [
        "createdb",
        "pg_restore",
        "psql",
        "psql",
        "riskpanel",
        "riskpanel",
    ]
    assert steps[-1] == [
        "riskpanel",
        "audit",
        "checkpoint",
        "--note",
        "restored from riskpanel.dump",
    ]
    name = make_url(settings.database_url).database
    restored = settings.database_url.rsplit("/", 1)[0] + f"/{name}_restore"
    try:
        for argv in steps[:2]:  # the drill: restore beside the live database
            done = subprocess.run(argv, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
        check = create_engine(restored)  # as the runtime role: its grants came back too
        with check.connect() as conn:
            refs = set(conn.execute(text("SELECT reference FROM action")).scalars())
            rights = conn.execute(
                text(
                    "SELECT has_table_privilege('audit_event', 'INSERT'), "
                    "has_table_privilege('audit_event', 'TRUNCATE'), "
                    "has_table_privilege('audit_event', 'DELETE'), "
                    "EXISTS (SELECT 1 FROM pg_tables WHERE tableowner = current_user)"
                )
            ).one()
        check.dispose()
        assert {a.reference for a in actions} <= refs
        assert tuple(rights) == (True, False, False, False)
    finally:
        subprocess.run(
            ["dropdb", "--if-exists", "--force", *steps[0][1:]], capture_output=True, check=False
        )


def test_backup_without_pg_dump_prints_the_command(
    run: Run, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("riskpanel.backup.postgres.shutil.which", lambda _tool: None)
    result = run("backup", "--out", str(tmp_path / "x.dump"))
    assert result.code == 2
    assert "pg_dump is not on PATH" in result.err
    (argv,) = _steps(result.out)
    assert argv[:2] == ["pg_dump", "--format=custom"]
    assert argv[argv.index("--file") + 1] == str(tmp_path / "x.dump")
    assert argv[argv.index("--dbname") + 1] == make_url(settings.database_url).database
    assert not (tmp_path / "x.dump").exists()
