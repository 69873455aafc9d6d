"""The web UI's router (mounted at "/", never under /api/v1) and its static files.

``install(app)`` is the one call ``create_app`` makes: it includes every ``pages_*`` router,
mounts ``/static`` (the app's CSS/JS and, when scripts/assets.sh has run, the vendored GOV.UK
Frontend and htmx) and gives browsers HTML error pages outside /api.
"""

from __future__ import annotations

import importlib
import pkgutil

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from riskpanel.web.routing import install_html_errors
from riskpanel.web.templating import STATIC_DIR


def page_routers() -> list[APIRouter]:
    package = importlib.import_module("riskpanel.web")
    found = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("pages_"):
            module = importlib.import_module(f"riskpanel.web.{info.name}")
            found.append(module.router)
    return found


router = APIRouter()
for _page_router in page_routers():
    router.include_router(_page_router)


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_html_errors(app)
