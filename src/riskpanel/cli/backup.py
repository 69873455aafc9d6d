"""`riskpanel backup` and `riskpanel restore`.

SQLite (the embedded default) is copied with its online backup API, safe while
`riskpanel serve` runs. PostgreSQL is dumped with pg_dump (one MVCC snapshot); restoring
it is printed as pg_restore commands, because swapping a live multi-node database is a
step the operator takes with every node stopped.
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import NoReturn

import typer

from riskpanel.audit import checkpoints
from riskpanel.audit.keys import key_for
from riskpanel.backup import postgres, service
from riskpanel.backup.schemas import Manifest, PreparedRestore, RestoreReport, Step
from riskpanel.cli.common import CLI_PRINCIPAL, settings, unit_of_work
from riskpanel.db import dispose_engines
from riskpanel.models import utcnow


def _fail(message: str) -> NoReturn:
    typer.secho(f"error: {message}", err=True, fg="red")
    raise typer.Exit(2)


def _interactive() -> bool:
    return sys.stdin.isatty()


def _print_steps(steps: list[Step]) -> None:
    for step in steps:
        if step.why:
            typer.echo(f"# {step.why}")
        typer.echo(shlex.join(step.argv))


def backup(
    out: Path = typer.Option(..., "--out", help="Backup file to write"),
    as_json: bool = typer.Option(False, "--json", help="Print the manifest as JSON"),
) -> None:
    """Write a checked, consistent backup (safe while the server runs) and FILE.json."""
    cfg = settings()
    if not cfg.is_sqlite and not postgres.tools_available():
        _print_steps([postgres.dump_step(cfg.database_url, out)])
        _fail("pg_dump is not on PATH: install postgresql-client, or run the command above")
    manifest = service.backup(settings=cfg, out=out)
    with unit_of_work() as session:
        service.record_backup(session=session, principal=CLI_PRINCIPAL, manifest=manifest)
    if as_json:
        typer.echo(json.dumps(manifest.as_dict()))
        return
    _describe_backup(out, manifest)


def _describe_backup(out: Path, manifest: Manifest) -> None:
    typer.echo(f"wrote {out} ({manifest.bytes:,} bytes, {manifest.backend})")
    typer.echo(f"  sha256   {manifest.sha256}")
    typer.echo(f"  schema   {manifest.alembic_revision}")
    typer.echo(f"  check    {manifest.check}")
    typer.echo(f"  manifest {out.name}.json")


def restore(
    source: Path = typer.Option(..., "--from", help="Backup file to restore"),
    yes: bool = typer.Option(False, "--yes", help="Replace the database without asking"),
) -> None:
    """Replace the SQLite database with a checked backup (stop the server first)."""
    cfg = settings()
    if not cfg.is_sqlite:
        _print_steps(postgres.restore_steps(cfg.migration_url, source))
        _fail("restore is for SQLite; on PostgreSQL run the pg_restore steps above")
    if not yes and not _interactive():
        _fail("restore replaces the whole database: pass --yes (stdin is not a terminal)")
    prepared = service.prepare_restore(settings=cfg, source=source)
    try:
        if not yes:
            _describe_prepared(prepared)
            if not typer.confirm(f"Replace {prepared.target} with this backup?"):
                _fail("restore cancelled; nothing was changed")
        report = service.finish_restore(prepared)
    except BaseException:
        service.discard_staged(prepared.staged)
        raise
    dispose_engines()  # no pooled connection may still point at the file that was replaced
    with unit_of_work() as session:
        service.record_restore(session=session, principal=CLI_PRINCIPAL, report=report)
    with unit_of_work() as session:  # the head moved back on purpose: say so, signed
        checkpoints.write(
            session=session,
            directory=cfg.checkpoint_dir,
            key=key_for(session),
            now=utcnow(),
            note=f"restored from {source.name}",
        )
    _describe_restore(report)


def _describe_prepared(prepared: PreparedRestore) -> None:
    typer.echo(f"backup {prepared.source}: integrity_check ok, schema {prepared.revision}")
    matches = " (matches its manifest)" if prepared.sidecar_checked else " (no manifest beside it)"
    typer.echo(f"  sha256 {prepared.sha256}{matches}")
    if prepared.upgraded_to:
        typer.echo(f"  schema upgraded to {prepared.upgraded_to} for this riskpanel")


def _describe_restore(report: RestoreReport) -> None:
    typer.echo(f"restored {report.target} from {report.source} (sha256 {report.sha256})")
    if report.upgraded_to:
        typer.echo(f"schema upgraded from {report.revision} to {report.upgraded_to}")
    if report.previous_copy:
        typer.echo(f"the replaced database is kept as {report.previous_copy}")


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)
