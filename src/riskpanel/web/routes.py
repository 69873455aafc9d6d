"""The web UI's router (mounted at "/", never under /api/v1) and its static files.

``install(app)`` is the one call ``create_app`` makes: it includes every page router (the
domains' ``pages.py`` and the remaining ``web/pages_*.py``),
mounts ``/static`` (the app's CSS/JS and, when scripts/assets.sh has run, the vendored GOV.UK
Frontend and htmx) and gives browsers HTML error pages outside /api.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

import riskpanel
from riskpanel.web.routing import install_html_errors
from riskpanel.web.templating import STATIC_DIR

ROOT = Path(riskpanel.__file__).parent


def _page_modules() -> list[tuple[str, str]]:
    """Every ``web/pages_<name>.py`` and every domain's ``pages.py`` at any depth (a
    sub-domain such as ``meetings/minutes/pages.py`` too), ordered by that name, so a page
    moving into its domain keeps its place among the routes. Found on disk, not by importing
    every package: the web package imports no domain, so a domain's pages may use its helpers.
    """
    web = importlib.import_module("riskpanel.web")
    found = [
        (info.name.removeprefix("pages_"), f"riskpanel.web.{info.name}")
        for info in pkgutil.iter_modules(web.__path__)
        if info.name.startswith("pages_")
    ]
    for path in ROOT.glob("*/**/pages.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found.append(("/".join(parts[:-1]), ".".join(("riskpanel", *parts))))
    return sorted(found)


def page_routers() -> list[APIRouter]:
    return [importlib.import_module(name).router for _, name in _page_modules()]


router = APIRouter()
for _page_router in page_routers():
    router.include_router(_page_router)


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_html_errors(app)
