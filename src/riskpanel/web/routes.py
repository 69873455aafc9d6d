"""The web UI's router (mounted at "/", never under /api/v1) and its static files.

``install(app)`` is the one call ``create_app`` makes: it includes every ``pages_*`` router
here and every ``pages`` module of a domain package (``riskpanel.scrutiny.packs.pages``),
mounts ``/static`` (the app's CSS/JS and, when scripts/assets.sh has run, the vendored GOV.UK
Frontend and htmx) and gives browsers HTML error pages outside /api.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from riskpanel.web.routing import install_html_errors
from riskpanel.web.templating import STATIC_DIR


def _domain_page_modules() -> list[str]:
    """Modules named ``pages`` in the domain packages, found on disk (a domain's pages live
    with the domain; importing them here by name would make the web package depend on every
    domain, and walking the packages would import every package, the CLI's included)."""
    root = Path(importlib.import_module("riskpanel").__file__ or "").parent
    return sorted(
        ".".join(("riskpanel", *path.relative_to(root).with_suffix("").parts))
        for path in root.glob("*/**/pages.py")
        if path.relative_to(root).parts[0] != "web"
    )


def page_routers() -> list[APIRouter]:
    package = importlib.import_module("riskpanel.web")
    names = [
        f"riskpanel.web.{info.name}"
        for info in pkgutil.iter_modules(package.__path__)
        if info.name.startswith("pages_")
    ]
    return [importlib.import_module(name).router for name in sorted(names) + _domain_page_modules()]


router = APIRouter()
for _page_router in page_routers():
    router.include_router(_page_router)


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_html_errors(app)
