"""What a backup records about itself, kept next to the file as ``FILE.json``.

The sidecar lets a restore drill (or an auditor) check a file without opening it: its
SHA-256 says it is the file that was written, its schema revision says which code can
read it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

FORMAT = "riskpanel-backup/1"


@dataclass(frozen=True)
class Manifest:
    backend: str  # "sqlite" or "postgresql"
    file: str  # the backup's name, without its folder
    bytes: int
    sha256: str
    alembic_revision: str
    check: str  # what was verified, e.g. "PRAGMA integrity_check: ok"
    created_at: str  # ISO 8601, UTC
    riskpanel_version: str
    format: str = FORMAT

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def sidecar_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".json")


def read_sidecar(backup: Path) -> dict[str, Any] | None:
    """The sidecar if one sits next to the file; a restore works without it too."""
    path = sidecar_path(backup)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


@dataclass(frozen=True)
class PreparedRestore:
    """A checked copy of the backup, beside the live database, ready to be swapped in."""

    source: Path
    target: Path
    staged: Path
    sha256: str
    revision: str
    upgraded_to: str | None  # the head revision, when the backup's schema was older
    sidecar_checked: bool


@dataclass(frozen=True)
class RestoreReport:
    source: Path
    target: Path
    sha256: str
    revision: str
    upgraded_to: str | None
    previous_copy: Path | None  # the database that was replaced, kept under a new name


@dataclass(frozen=True)
class Step:
    """One shell command of a procedure this code prints rather than runs."""

    why: str
    argv: list[str]
