"""Rendering off the request path: a small spawn/forkserver pool that shuts down cleanly."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, cast

import pytest
from documents_pdf import read_pdf

from riskpanel.config import Settings
from riskpanel.documents import (
    DocumentRenderError,
    PdfCache,
    render_pdf,
    render_pdf_async,
    render_pdf_sync,
    shutdown_pool,
)
from riskpanel.documents import pool as pool_module
from riskpanel.documents.samples import sample_agenda, sample_extract


@pytest.fixture(autouse=True)
def fresh_pool() -> Iterator[None]:
    shutdown_pool()
    yield
    pool_module.configure_pool(nice=DEFAULT_NICE)
    shutdown_pool()


DEFAULT_NICE = Settings.model_fields["render_worker_nice"].default


def worker_niceness() -> int:
    """``os.nice(0)`` run in a pool worker: that worker's niceness, changed by nothing."""
    return int(pool_module.get_pool().submit(os.nice, 0).result(timeout=120))


def test_pool_is_small_lazy_and_never_forks() -> None:
    assert pool_module._pool is None, "importing the package must not start processes"
    pool = pool_module.get_pool()
    internals = cast(Any, pool)  # the executor keeps both settings private
    assert internals._max_workers == min(2, os.cpu_count() or 1)
    assert internals._mp_context.get_start_method() in ("forkserver", "spawn")
    assert pool_module.get_pool() is pool


def test_async_render_matches_the_in_process_render(templates_dir: Path) -> None:
    view = sample_extract()

    async def both() -> list[bytes]:
        return list(
            await asyncio.gather(
                render_pdf_async("agency_extract", view, templates_dir=templates_dir),
                render_pdf_async("agenda", sample_agenda(3), templates_dir=templates_dir),
            )
        )

    extract, agenda = asyncio.run(both())
    assert extract == render_pdf_sync("agency_extract", view, templates_dir=templates_dir)
    assert "Page 1 of" in read_pdf(agenda)[0].flat


def test_async_cache_path_uses_the_pool_then_the_disk(templates_dir: Path, tmp_path: Path) -> None:
    cache = PdfCache(tmp_path)
    view = sample_extract("Police")
    first = asyncio.run(
        cache.get_or_render_async("agency_extract", view, templates_dir=templates_dir)
    )
    shutdown_pool()
    second = asyncio.run(
        cache.get_or_render_async("agency_extract", view, templates_dir=templates_dir)
    )
    assert second == first
    assert pool_module._pool is None, "a cache hit must not start the pool"
    assert first.pdf == render_pdf("agency_extract", view, templates_dir=templates_dir)


def test_errors_in_the_worker_reach_the_caller(templates_dir: Path) -> None:
    with pytest.raises(DocumentRenderError, match="needs a AgendaDocument"):
        asyncio.run(render_pdf_async("agenda", sample_extract(), templates_dir=templates_dir))


def test_a_dead_worker_is_reported_and_replaced(templates_dir: Path) -> None:
    broken = pool_module.get_pool()
    with pytest.raises(BrokenProcessPool):
        broken.submit(os._exit, 1).result(timeout=60)
    with pytest.raises(DocumentRenderError, match="worker stopped"):
        asyncio.run(
            render_pdf_async("agency_extract", sample_extract(), templates_dir=templates_dir)
        )
    pdf = asyncio.run(
        render_pdf_async("agency_extract", sample_extract(), templates_dir=templates_dir)
    )
    assert pdf.startswith(b"%PDF-")
    assert pool_module.get_pool() is not broken


def test_shutdown_twice_is_harmless() -> None:
    pool_module.get_pool()
    shutdown_pool()
    shutdown_pool()
    assert pool_module._pool is None


def test_workers_run_at_the_configured_lower_priority(templates_dir: Path) -> None:
    own = os.nice(0)
    assert DEFAULT_NICE == 10
    assert worker_niceness() == min(19, own + 10), "by default, 10 below the web process"
    pool_module.configure_pool(nice=3)
    assert worker_niceness() == min(19, own + 3)
    pdf = asyncio.run(render_pdf_async("agenda", sample_agenda(3), templates_dir=templates_dir))
    assert "Page 1 of" in read_pdf(pdf)[0].flat, "a lower priority still renders"
    pool_module.configure_pool(nice=0)
    assert worker_niceness() == own, "0 switches it off"
    assert os.nice(0) == own, "the web process keeps its own priority"


def test_the_app_gives_the_pool_its_setting(settings: Settings) -> None:
    from fastapi.testclient import TestClient

    from riskpanel.main import create_app

    own = os.nice(0)
    with TestClient(create_app(settings.model_copy(update={"render_worker_nice": 4}))):
        assert worker_niceness() == min(19, own + 4)
