"""The application factory: settings in, a wired FastAPI app out."""

from __future__ import annotations

import gc
import importlib
import logging
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, Depends, FastAPI

import riskpanel
from riskpanel.api import openapi, problems
from riskpanel.api.edges import (
    QueryCredentialMiddleware,
    StrictTransportMiddleware,
    strip_queries_from_access_log,
)
from riskpanel.api.middleware import ConcurrencyLimitMiddleware, RequestContextMiddleware
from riskpanel.api.strict_input import strict_edges
from riskpanel.auth.cookies import cookie_principal
from riskpanel.config import Settings, get_settings
from riskpanel.db import get_engine
from riskpanel.notifications.webhooks import docs as webhook_docs
from riskpanel.sqlite import READ_FIRST
from riskpanel.web.routes import install as install_web_pages
from riskpanel.workflow.registry import get_workflows

API_PREFIX = "/api/v1"
DESCRIPTION = """
riskpanel runs multi-agency risk panels for repeat and high-risk hate crime: referrals,
risk scoring, panel agendas, minutes, actions owned by partner agencies, reviews, and
anonymised community scrutiny.

* Authentication: `Authorization: Bearer <token>` (agency API keys start `rpk_`, personal
  tokens `rpt_`), or the web session cookie.
* Errors are RFC 9457 `application/problem+json`; validation errors list `errors[]` with
  the field at fault. Unknown input fields are refused.
* Objects you may not see answer 404; routes your role may not use answer 403.
"""


def domain_routers() -> list[APIRouter]:
    """Each domain package with an ``api.py`` exposing ``router`` is mounted under /api/v1.

    Discovery keeps main.py free of a hand-kept list that every feature would edit.
    """
    routers = []
    for info in sorted(pkgutil.iter_modules(riskpanel.__path__), key=lambda m: m.name):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"riskpanel.{info.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"riskpanel.{info.name}.api":
                raise
            continue
        router = getattr(module, "router", None)
        if isinstance(router, APIRouter):
            routers.append(router)
    return routers


QUIET_LOGGERS = {"transitions": logging.WARNING}
"""Libraries whose INFO lines say nothing an operator needs: `transitions` logs every state
entered and left, which would flood the server log with a line per case change."""


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level)
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)


_heap_frozen = False


def freeze_startup_heap() -> None:
    """Once per process, move every object alive at start-up (modules, routes, compiled
    statements, workflows) out of the cycle collector's reach: they live as long as the
    process, and a full collection walking them cost ~0.3 s of a worker's CPU every few
    hundred list requests (bench/profile_requests.py). Requests' objects are collected as
    before; only the first app of a process (a server worker's only one) freezes."""
    global _heap_frozen
    if not _heap_frozen:
        _heap_frozen = True
        gc.collect()
        gc.freeze()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Threads to spare beyond the requests let in (see ConcurrencyLimitMiddleware).
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = max(limiter.total_tokens, settings.max_concurrent_requests + 16)
        freeze_startup_heap()
        from riskpanel.documents.pool import configure_pool, shutdown_pool

        configure_pool(nice=settings.render_worker_nice)
        yield
        shutdown_pool()

    app = FastAPI(
        title="riskpanel",
        version=riskpanel.__version__,
        description=DESCRIPTION,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # served by riskpanel.apidocs.pages, without a CDN
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(strict_edges)],
    )
    app.state.settings = settings
    app.state.workflows = get_workflows(settings)  # a broken workflow file stops start-up
    app.state.engine = get_engine(settings)
    app.state.read_first_engine = app.state.engine.execution_options(**READ_FIRST)
    # SQLite: bearer keys are checked outside the request's transaction (api.access).
    sqlite = app.state.engine.dialect.name == "sqlite"
    app.state.auth_engine = app.state.read_first_engine if sqlite else None
    app.state.cookie_principal = cookie_principal  # web sessions, password or SSO (README)
    problems.install(app)
    app.add_middleware(ConcurrencyLimitMiddleware, limit=settings.max_concurrent_requests)
    app.add_middleware(QueryCredentialMiddleware)  # inside: its 400 carries the request id
    app.add_middleware(RequestContextMiddleware)
    if settings.base_url.startswith("https://"):
        app.add_middleware(StrictTransportMiddleware)
    strip_queries_from_access_log()
    for router in domain_routers():
        app.include_router(router, prefix=API_PREFIX)
    install_web_pages(app)  # web pages at "/" and static files at "/static", not under /api/v1
    webhook_docs.install(app.webhooks)
    openapi.install(app)
    return app
