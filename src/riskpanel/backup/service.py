"""Backing up and restoring the database, and recording both in the access log.

A backup is only published (renamed to the name asked for) once the copy has passed its
check, so a file at that name is always a complete, checked backup. A restore is staged
beside the live database, checked and brought to the code's schema, and only then swapped
in with one rename: a refusal or a crash at any point leaves the live database as it was.
"""

from __future__ import annotations

import json
import os
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlmodel import Session

import riskpanel
from riskpanel import migrate
from riskpanel.audit.service import record_administration
from riskpanel.backup import postgres, sqlite
from riskpanel.backup.files import copy_file, fsync_path, sha256_of, staging_name
from riskpanel.backup.schemas import (
    Manifest,
    PreparedRestore,
    RestoreReport,
    read_sidecar,
    sidecar_path,
)
from riskpanel.config import Settings
from riskpanel.kit.errors import Conflict, InvalidInput, ServiceUnavailable
from riskpanel.kit.principal import Principal
from riskpanel.kit.schemas import attributes

SUBJECT = "database"
PURPOSE = "administration"


def backup(*, settings: Settings, out: Path) -> Manifest:
    """Write a checked backup to `out` and its manifest to `out`.json."""
    _check_destination(out)
    if settings.is_sqlite:
        return _backup_sqlite(settings.database_url, out)
    return _backup_postgres(settings.database_url, out)


def _check_destination(out: Path) -> None:
    if out.is_dir():
        raise InvalidInput.field("--out", f"{out} is a folder; give a file name")
    if not out.parent.is_dir():
        raise InvalidInput.field("--out", f"folder {out.parent} does not exist")


def _backup_sqlite(url: str, out: Path) -> Manifest:
    source = sqlite.database_path(url)
    if source.resolve() == out.resolve():
        raise InvalidInput.field("--out", "is the live database itself")
    staged = staging_name(out, "backup")
    try:
        sqlite.snapshot(source, staged)
        problems = sqlite.integrity_problems(staged)
        if problems:
            raise Conflict(f"the live database fails PRAGMA integrity_check: {problems[0]}")
        revision = sqlite.schema_revision(staged)
        if revision is None:
            raise InvalidInput.field("RISKPANEL_DATABASE_URL", "is not a riskpanel database")
        manifest = _manifest("sqlite", out, staged, revision, "PRAGMA integrity_check: ok")
        _publish(staged, out, manifest)
    finally:
        staged.unlink(missing_ok=True)
    return manifest


def _backup_postgres(url: str, out: Path) -> Manifest:
    if not postgres.tools_available():
        raise ServiceUnavailable("pg_dump is not on PATH (install postgresql-client)")
    before = migrate.current_revision(url)
    staged = staging_name(out, "backup")
    try:
        postgres.dump(url, staged)
        check = postgres.verify(url, staged)
        after = migrate.current_revision(url)
        if before is None or before != after:
            raise Conflict("the schema changed during the backup (a migration ran): run it again")
        manifest = _manifest("postgresql", out, staged, before, check)
        _publish(staged, out, manifest)
    finally:
        staged.unlink(missing_ok=True)
    return manifest


def _manifest(backend: str, out: Path, staged: Path, revision: str, check: str) -> Manifest:
    return Manifest(
        backend=backend,
        file=out.name,
        bytes=staged.stat().st_size,
        sha256=sha256_of(staged),
        alembic_revision=revision,
        check=check,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        riskpanel_version=riskpanel.__version__,
    )


def _publish(staged: Path, out: Path, manifest: Manifest) -> None:
    sidecar = sidecar_path(out)
    staged_sidecar = staging_name(sidecar, "manifest")
    staged_sidecar.write_text(json.dumps(manifest.as_dict(), indent=2) + "\n", encoding="utf-8")
    os.replace(staged, out)
    os.replace(staged_sidecar, sidecar)
    fsync_path(out.parent)


def prepare_restore(*, settings: Settings, source: Path) -> PreparedRestore:
    """Copy the backup beside the live database and check it; the live file is untouched."""
    if not settings.is_sqlite:
        raise InvalidInput.field("RISKPANEL_DATABASE_URL", "restore is for SQLite only")
    target = sqlite.database_path(settings.database_url)
    if not target.parent.is_dir():
        raise InvalidInput.field("RISKPANEL_DATABASE_URL", f"folder {target.parent} does not exist")
    if not source.is_file():
        raise InvalidInput.field("--from", f"no file at {source}")
    if target.exists():
        if source.resolve() == target.resolve():
            raise InvalidInput.field("--from", "is the live database itself")
        sqlite.ensure_unused(target)
    digest, sidecar = sha256_of(source), read_sidecar(source)
    if sidecar is not None and sidecar.get("sha256") != digest:
        raise InvalidInput.field(
            "--from", f"does not match the SHA-256 in {sidecar_path(source).name}"
        )
    staged = staging_name(target, "restore")
    try:
        copy_file(source, staged)
        problems = sqlite.integrity_problems(staged)
        if problems:
            raise InvalidInput.field("--from", f"fails PRAGMA integrity_check: {problems[0]}")
        revision, upgraded = _bring_to_head(staged, settings.database_url)
        sqlite.use_rollback_journal(staged)
    except BaseException:
        discard_staged(staged)
        raise
    return PreparedRestore(
        source, target, staged, digest, revision, upgraded, sidecar_checked=sidecar is not None
    )


def _bring_to_head(staged: Path, url: str) -> tuple[str, str | None]:
    """Refuse a schema this code does not know; upgrade an older one before it goes live."""
    revision = sqlite.schema_revision(staged)
    if revision is None:
        raise InvalidInput.field("--from", "is not a riskpanel database (no schema revision)")
    script = ScriptDirectory.from_config(migrate.alembic_config(url))
    heads = set(script.get_heads())
    if revision in heads:
        return revision, None
    if revision not in {rev.revision for rev in script.walk_revisions()}:
        raise Conflict(
            f"the backup's schema revision {revision} is newer than this riskpanel knows "
            f"(head {', '.join(sorted(heads))}): restore it with the version that wrote it"
        )
    migrate.upgrade(f"sqlite:///{staged}")
    return revision, ", ".join(sorted(heads))


def discard_staged(staged: Path) -> None:
    for path in (staged, *(staged.with_name(staged.name + s) for s in ("-wal", "-shm"))):
        path.unlink(missing_ok=True)


def finish_restore(prepared: PreparedRestore) -> RestoreReport:
    """Swap the checked copy in; refused (nothing changed) if riskpanel is still running."""
    if prepared.target.exists():
        sqlite.ensure_unused(prepared.target)
    previous = sqlite.swap_in(prepared.staged, prepared.target)
    # The report repeats what was checked (every field the two share) and adds the old copy.
    shared = (f.name for f in fields(RestoreReport) if f.name != "previous_copy")
    return RestoreReport(**attributes(prepared, shared), previous_copy=previous)


def _log(session: Session, principal: Principal, detail: dict[str, object]) -> None:
    record_administration(session=session, principal=principal, subject_type=SUBJECT, detail=detail)


def record_backup(*, session: Session, principal: Principal, manifest: Manifest) -> None:
    """A backup holds every record, so who took one, when, and which file is logged."""
    _log(session, principal, {"operation": "backup", **manifest.as_dict()})


def record_restore(*, session: Session, principal: Principal, report: RestoreReport) -> None:
    """Written into the restored database, so its own log says where its contents came from."""
    previous = report.previous_copy.name if report.previous_copy else None
    _log(
        session,
        principal,
        {
            "operation": "restore",
            "file": report.source.name,
            "sha256": report.sha256,
            "alembic_revision": report.revision,
            "upgraded_to": report.upgraded_to,
            "previous_copy": previous,
        },
    )
