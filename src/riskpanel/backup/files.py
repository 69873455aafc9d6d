"""File handling shared by both backends: hashing, staging names, durable renames."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

_CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def staging_name(beside: Path, purpose: str) -> Path:
    """A hidden temporary name in the same folder, so the final rename is atomic."""
    return beside.with_name(f".{beside.name}.{purpose}-{uuid.uuid4().hex[:12]}")


def copy_file(source: Path, target: Path) -> None:
    """Byte copy of a backup file; never opened in place, so the backup stays untouched."""
    with source.open("rb") as src, target.open("wb") as dst:
        while chunk := src.read(_CHUNK):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())


def fsync_path(path: Path) -> None:
    """For a folder this makes a rename durable: the directory entry is what changed."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
