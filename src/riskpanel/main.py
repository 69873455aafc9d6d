"""The application factory: settings in, a wired FastAPI app out."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import riskpanel
from riskpanel.api import problems
from riskpanel.api.middleware import RequestContextMiddleware
from riskpanel.config import Settings, get_settings
from riskpanel.db import get_engine
from riskpanel.health.api import router as health_router

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


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logging.basicConfig(level=settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield

    app = FastAPI(
        title="riskpanel",
        version=riskpanel.__version__,
        description=DESCRIPTION,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = get_engine(settings)
    problems.install(app)
    app.add_middleware(RequestContextMiddleware)
    app.include_router(health_router, prefix=API_PREFIX)
    return app
