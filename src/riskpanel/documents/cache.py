"""A content-addressed, size-bounded disk cache of rendered PDFs.

The key is the SHA-256 of everything that decides the output: the document kind, the bytes of
every file in the templates folder, the renderer versions and the canonical JSON of the view.
So a second download of an unchanged document is a file read, any change to case content or to
a template makes a new key (stale documents cannot be served), and nothing needs invalidating.
The SHA-256 of the PDF itself goes back to the caller for the disclosure entry in the audit log.

The files are OFFICIAL-SENSITIVE: the folder is created owner-only (0700) and each file is
written 0600 through a temporary file and an atomic rename, so a reader never sees half a PDF.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import weasyprint

from riskpanel.documents.pool import render_pdf_async, render_pdf_sync
from riskpanel.documents.render import DocumentKind, document_spec
from riskpanel.documents.views import View

# Bump when Python code that shapes the output changes (charts, filters, PDF options).
RENDERER_VERSION = "1"

Renderer = Callable[..., bytes]


class CachedPdf(NamedTuple):
    pdf: bytes
    sha256: str


def canonical_json(view: View) -> str:
    """One spelling per value: sorted keys, no whitespace, ISO dates, UTF-8 kept as is."""
    return json.dumps(
        view.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


_digest_lock = threading.Lock()
_digest_memo: dict[Path, tuple[tuple[tuple[str, int, int], ...], str]] = {}


def templates_digest(templates_dir: Path) -> str:
    """SHA-256 over every file's relative path and bytes; re-read only when a stat changes."""
    root = templates_dir.resolve(strict=True)
    files = sorted(p for p in root.rglob("*") if p.is_file())
    signature = tuple(
        (p.relative_to(root).as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in files
    )
    with _digest_lock:
        memo = _digest_memo.get(root)
        if memo is not None and memo[0] == signature:
            return memo[1]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    value = digest.hexdigest()
    with _digest_lock:
        _digest_memo[root] = (signature, value)
    return value


def cache_key(kind: DocumentKind, view: View, *, templates_dir: Path) -> str:
    document_spec(kind, view)  # refuse a view of the wrong type before it reaches the disk
    material = json.dumps(
        {
            "kind": kind,
            "templates": templates_digest(templates_dir),
            "renderer": RENDERER_VERSION,
            "weasyprint": weasyprint.__version__,
        },
        sort_keys=True,
    )
    return hashlib.sha256(f"{material}\n{canonical_json(view)}".encode()).hexdigest()


class PdfCache:
    """PDFs on disk under ``cache_dir`` (e.g. ``<data dir>/pdf-cache``), oldest evicted first.

    "Oldest" is least recently used: a hit touches the file's mtime.
    """

    def __init__(
        self, cache_dir: Path, *, max_files: int = 500, max_bytes: int = 256 * 1024 * 1024
    ) -> None:
        if max_files < 1 or max_bytes < 1:
            raise ValueError("the PDF cache needs room for at least one file")
        self.cache_dir = cache_dir
        self.max_files = max_files
        self.max_bytes = max_bytes

    def _path(self, key: str) -> Path:
        return self.cache_dir / f"{key}.pdf"

    def get(self, key: str) -> CachedPdf | None:
        path = self._path(key)
        try:
            pdf = path.read_bytes()
            os.utime(path)
        except FileNotFoundError:
            return None
        return CachedPdf(pdf, hashlib.sha256(pdf).hexdigest())

    def put(self, key: str, pdf: bytes) -> CachedPdf:
        self.cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.cache_dir, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pdf)
            os.replace(tmp, self._path(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.evict()
        return CachedPdf(pdf, hashlib.sha256(pdf).hexdigest())

    def evict(self) -> int:
        """Delete least recently used files beyond the limits; returns how many went."""
        entries = []
        for path in self.cache_dir.glob("*.pdf"):
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            entries.append((stat.st_mtime_ns, stat.st_size, path))
        entries.sort(reverse=True)  # newest first
        kept_files, kept_bytes, removed = 0, 0, 0
        for _, size, path in entries:
            if kept_files < self.max_files and kept_bytes + size <= self.max_bytes:
                kept_files, kept_bytes = kept_files + 1, kept_bytes + size
                continue
            path.unlink(missing_ok=True)
            removed += 1
        return removed

    def get_or_render(
        self,
        kind: DocumentKind,
        view: View,
        *,
        templates_dir: Path,
        render: Renderer = render_pdf_sync,
    ) -> CachedPdf:
        """The CLI path: render in this process on a miss."""
        key = cache_key(kind, view, templates_dir=templates_dir)
        hit = self.get(key)
        if hit is not None:
            return hit
        return self.put(key, render(kind, view, templates_dir=templates_dir))

    async def get_or_render_async(
        self, kind: DocumentKind, view: View, *, templates_dir: Path
    ) -> CachedPdf:
        """The web path: disk work in a thread, rendering in the process pool."""
        key = await asyncio.to_thread(cache_key, kind, view, templates_dir=templates_dir)
        hit = await asyncio.to_thread(self.get, key)
        if hit is not None:
            return hit
        pdf = await render_pdf_async(kind, view, templates_dir=templates_dir)
        return await asyncio.to_thread(self.put, key, pdf)
