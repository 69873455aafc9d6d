"""Render PDFs off the request path, in a small process pool.

WeasyPrint layout is CPU-bound and holds the GIL for hundreds of milliseconds on a long agenda;
in the web process it would stall every other request. Two worker processes at most: a panel
renders a handful of documents a week, and each worker costs ~100 MB once WeasyPrint is loaded.
Workers start with ``forkserver`` (or ``spawn``) rather than ``fork``, so they never inherit the
app's open database connections, threads or locks.
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from riskpanel.documents.render import DocumentKind, DocumentRenderError, render_pdf
from riskpanel.documents.views import View

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def pool_size() -> int:
    return min(2, os.cpu_count() or 1)


def _start_method() -> str:
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


def _warm_up() -> None:
    """Import WeasyPrint once per worker so the first document is not also paying for it."""
    import weasyprint  # noqa: F401


def get_pool() -> ProcessPoolExecutor:
    """The shared pool, created on first use (importing this module starts nothing)."""
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=pool_size(),
                mp_context=multiprocessing.get_context(_start_method()),
                initializer=_warm_up,
            )
        return _pool


def shutdown_pool(*, wait: bool = True) -> None:
    """Stop the workers; the app's lifespan calls this on shutdown. Safe to call twice."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=wait, cancel_futures=True)


def _discard_broken(pool: ProcessPoolExecutor) -> None:
    """Forget a pool whose worker died (e.g. killed for memory) so the next call starts afresh."""
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


async def render_pdf_async(kind: DocumentKind, view: View, *, templates_dir: Path) -> bytes:
    """Render in a worker process without blocking the event loop."""
    pool = get_pool()
    job = functools.partial(render_pdf, kind, view, templates_dir=templates_dir)
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, job)
    except BrokenProcessPool as exc:
        _discard_broken(pool)
        raise DocumentRenderError("the PDF worker stopped unexpectedly; try again") from exc


def render_pdf_sync(kind: DocumentKind, view: View, *, templates_dir: Path) -> bytes:
    """The CLI path: render in this process (a one-off command has nothing else to block)."""
    return render_pdf(kind, view, templates_dir=templates_dir)
