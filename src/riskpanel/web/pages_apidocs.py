"""The API's interactive documentation, served by riskpanel itself: Swagger UI at ``/docs``
and ReDoc at ``/redoc``.

FastAPI's own pages load both viewers from a public CDN, so on a partner's or a council's
network without internet they are blank. Here the viewers come from the npm packages that
scripts/assets.sh vendors into ``/static/vendor`` (as GOV.UK Frontend is), the start-up code
is a static file (no inline script), and the pages get a Content-Security-Policy that lets
nothing load from anywhere but riskpanel (``riskpanel.api.middleware.DOCS_CSP``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from riskpanel.auth.principal import Principal
from riskpanel.auth.rules import public
from riskpanel.web.common import web_router
from riskpanel.web.templating import STATIC_DIR, environment

router = web_router()
Anyone = Annotated[Principal, Depends(public())]
VIEWERS = {
    "swagger": STATIC_DIR / "vendor" / "swagger-ui" / "swagger-ui-bundle.js",
    "redoc": STATIC_DIR / "vendor" / "redoc" / "redoc.standalone.js",
}


def _page(request: Request, viewer: str, title: str) -> HTMLResponse:
    html = environment().get_template("api_docs.html").render(
        viewer=viewer,
        title=title,
        openapi_url=request.app.openapi_url,
        installed=VIEWERS[viewer].exists(),
    )
    return HTMLResponse(html)


@router.get("/docs")
def swagger_ui(request: Request, _: Anyone) -> HTMLResponse:
    """Try the API from the browser: "Authorize" takes an `rpk_`/`rpt_` token."""
    return _page(request, "swagger", "riskpanel API (Swagger UI)")


@router.get("/redoc")
def redoc(request: Request, _: Anyone) -> HTMLResponse:
    """The same document as a readable reference, webhooks included."""
    return _page(request, "redoc", "riskpanel API reference (ReDoc)")
