"""The web UI's router (mounted at "/", never under /api/v1) and its static files.

``install(app)`` is the one call ``create_app`` makes: it includes the router of every
domain's ``pages.py`` (sub-domains too, e.g. ``notifications/webhooks/pages.py``) and of any
``web/pages_*.py`` module, mounts ``/static`` (the app's CSS/JS and, when scripts/assets.sh
has run, the vendored GOV.UK Frontend and htmx) and gives browsers HTML error pages outside
/api.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from riskpanel.web.routing import install_html_errors
from riskpanel.web.templating import STATIC_DIR

PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # src/riskpanel


def page_modules() -> list[str]:
    """Dotted names of the page modules, found on disk and sorted by name.

    Found by name, not listed, so a domain adds pages without editing this package; imported
    by name (importlib), so the web layer holds no import of the domains that import it.
    """
    found = [
        path.relative_to(PACKAGE_ROOT.parent).with_suffix("")
        for path in PACKAGE_ROOT.rglob("*.py")
        if path.name == "pages.py" or (path.parent.name == "web" and path.stem.startswith("pages_"))
    ]
    return sorted(".".join(parts.parts) for parts in found)


def page_routers() -> list[APIRouter]:
    return [importlib.import_module(name).router for name in page_modules()]


router = APIRouter()
for _page_router in page_routers():
    router.include_router(_page_router)


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_html_errors(app)
