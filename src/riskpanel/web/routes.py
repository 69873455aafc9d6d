"""The web UI's router (mounted at "/", never under /api/v1) and its static files.

``install(app)`` is the one call ``create_app`` makes: it includes every page router (the
web's ``pages_*`` and each domain's ``pages.py``), mounts ``/static`` (the app's CSS/JS and,
when scripts/assets.sh has run, the vendored GOV.UK Frontend and htmx) and gives browsers
HTML error pages outside /api.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from riskpanel.web.routing import install_html_errors
from riskpanel.web.templating import STATIC_DIR


def page_modules() -> list[str]:
    """The web's own ``pages_*`` modules, then each domain's ``pages.py`` (at any depth, so a
    sub-domain such as ``meetings/minutes/pages.py`` is found too).

    Found by name, like the API routers in ``riskpanel.main``: no hand-kept list to edit, and
    the web package imports no domain, so a domain's pages may use the web's helpers."""
    package = importlib.import_module("riskpanel.web")
    names = [
        f"riskpanel.web.{info.name}"
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name)
        if info.name.startswith("pages_")
    ]
    root = Path(importlib.import_module("riskpanel").__path__[0])
    domain_pages = sorted(
        ".".join(("riskpanel", *path.relative_to(root).with_suffix("").parts))
        for path in root.glob("*/**/pages.py")
    )
    return names + domain_pages


def page_routers() -> list[APIRouter]:
    return [importlib.import_module(name).router for name in page_modules()]


router = APIRouter()
for _page_router in page_routers():
    router.include_router(_page_router)


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_html_errors(app)
