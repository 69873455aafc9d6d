"""PostgreSQL: pg_dump does the copying; riskpanel adds the check, the record and the audit.

pg_dump reads one MVCC snapshot, so its dump is consistent while the application writes;
anything riskpanel did itself would be a weaker copy of it. A restore over a live,
multi-node database is an operator's step (stop every node, restore into a new database,
switch names), so riskpanel prints those exact commands instead of running them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from riskpanel.backup.schemas import Step
from riskpanel.kit.errors import ServiceUnavailable

TOOLS = ("pg_dump", "pg_restore")


def tools_available() -> bool:
    return all(shutil.which(tool) for tool in TOOLS)


def _parsed(url: str) -> URL:
    return make_url(url)


def connection_args(url: str) -> list[str]:
    """libpq options for the URL's server and user; the password never goes on a command
    line (other users can read those), it is passed as PGPASSWORD."""
    parsed = _parsed(url)
    host = parsed.host or parsed.query.get("host")
    args: list[str] = []
    if host:
        args += ["--host", str(host)]
    if parsed.port:
        args += ["--port", str(parsed.port)]
    if parsed.username:
        args += ["--username", parsed.username]
    return args


def _env(url: str) -> dict[str, str]:
    password = _parsed(url).password
    return {**os.environ, "PGPASSWORD": str(password)} if password else dict(os.environ)


def database_name(url: str) -> str:
    return _parsed(url).database or "postgres"


def dump_step(url: str, out: Path) -> Step:
    argv = ["pg_dump", "--format=custom", "--no-password", *connection_args(url)]
    argv += ["--file", str(out), "--dbname", database_name(url)]
    return Step("dump one consistent snapshot (custom format, compressed)", argv)


def _run(argv: list[str], url: str) -> None:
    done = subprocess.run(  # noqa: S603 - fixed tool names, arguments from our own settings
        argv, env=_env(url), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        lines = (done.stderr or done.stdout or "no output").strip().splitlines()
        raise ServiceUnavailable(f"{argv[0]} failed: {lines[-1] if lines else 'no output'}")


def dump(url: str, out: Path) -> None:
    _run(dump_step(url, out).argv, url)


def verify(url: str, archive: Path) -> str:
    """Read the whole archive back (every table's data), as a restore would, into nowhere."""
    _run(["pg_restore", "--file", os.devnull, str(archive)], url)
    return "pg_restore read every entry: ok"


def restore_steps(url: str, archive: Path) -> list[Step]:
    """Restore into a new database, then swap names: the old one stays until you drop it."""
    conn, name = connection_args(url), database_name(url)
    fresh, kept = f"{name}_restore", f"{name}_before_restore"
    psql = ["psql", *conn, "--dbname", "postgres", "--command"]
    return [
        Step("a new, empty database for the restore", ["createdb", *conn, fresh]),
        Step(
            "load the dump; all or nothing, stops at the first error",
            [
                "pg_restore",
                "--exit-on-error",
                "--single-transaction",
                "--no-owner",
                *conn,
                "--dbname",
                fresh,
                str(archive),
            ],
        ),
        Step(
            "with every riskpanel process stopped, swap the names (keeps the old database)",
            [*psql, f'ALTER DATABASE "{name}" RENAME TO "{kept}"'],
        ),
        Step("", [*psql, f'ALTER DATABASE "{fresh}" RENAME TO "{name}"']),
        Step(
            "bring the schema up to this riskpanel's (as the owner; renews the runtime role's "
            "grants)",
            ["riskpanel", "db", "upgrade"],
        ),
        Step(
            "the access log's head moved back on purpose: a signed checkpoint that says so, "
            "then start riskpanel",
            ["riskpanel", "audit", "checkpoint", "--note", f"restored from {archive.name}"],
        ),
    ]
