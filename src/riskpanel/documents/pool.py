"""Render PDFs off the request path, in a small process pool.

WeasyPrint layout is CPU-bound and holds the GIL for hundreds of milliseconds on a long agenda;
in the web process it would stall every other request. Two worker processes at most: a panel
renders a handful of documents a week, and each worker costs ~100 MB once WeasyPrint is loaded.
Workers start with ``forkserver`` (or ``spawn``) rather than ``fork``, so they never inherit the
app's open database connections, threads or locks. They run at a lower CPU priority
(``render_worker_nice``, default 10 below the web process): on a small server the renders and
the web workers share the cores, and the person waiting for a case page should not wait
behind an agenda nobody is looking at yet. A render still gets every idle cycle. Each web
process renders at most ``pool_size()`` documents at once; later ones wait in the pool's queue.
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

from riskpanel.config import Settings
from riskpanel.documents.render import DocumentKind, DocumentRenderError, render_pdf
from riskpanel.documents.views import View

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_nice: int = Settings.model_fields["render_worker_nice"].default


def pool_size() -> int:
    return min(2, os.cpu_count() or 1)


def _start_method() -> str:
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


def _start_worker(nice: int) -> None:
    """Lower this worker's priority by ``nice`` (0: leave it), then import WeasyPrint once, so
    the first document is not also paying for the import."""
    if nice:
        os.nice(nice)
    import weasyprint  # noqa: F401


def configure_pool(*, nice: int) -> None:
    """Set the workers' priority (``Settings.render_worker_nice``); the app calls this as it
    starts. A pool already running at another priority is let go (its renders finish) and
    the next render starts one at the new priority."""
    global _nice, _pool
    with _lock:
        if nice == _nice:
            return
        _nice, pool, _pool = nice, _pool, None
    if pool is not None:
        pool.shutdown(wait=False)


def get_pool() -> ProcessPoolExecutor:
    """The shared pool, created on first use (importing this module starts nothing)."""
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=pool_size(),
                mp_context=multiprocessing.get_context(_start_method()),
                initializer=_start_worker,
                initargs=(_nice,),
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
