"""The API's interactive documentation, served by riskpanel itself: Swagger UI at ``/docs``
and ReDoc at ``/redoc``.

FastAPI's own pages load both viewers from a public CDN, so on a partner's or a council's
network without internet they are blank. Here the viewers come from the npm packages that
scripts/assets.sh vendors into ``/static/vendor`` (as GOV.UK Frontend is), the start-up code
is a static file (no inline script), and the pages get a Content-Security-Policy that lets
nothing load from anywhere but riskpanel (``riskpanel.api.middleware.DOCS_CSP``).
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from riskpanel.api.access import public
from riskpanel.api.middleware import DOCS_CSP
from riskpanel.kit.principal import Principal
from riskpanel.web.common import web_router
from riskpanel.web.templating import STATIC_DIR, environment

router = web_router()
Anyone = Annotated[Principal, Depends(public())]
VIEWERS = {
    "swagger": STATIC_DIR / "vendor" / "swagger-ui" / "swagger-ui-bundle.js",
    "redoc": STATIC_DIR / "vendor" / "redoc" / "redoc.standalone.js",
}

# The two style="..." attribute values ReDoc 2.5 writes (an empty one and its menu's):
# 'unsafe-hashes' admits exactly these values, no other inline style.
REDOC_STYLE_ATTRIBUTES = (
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' "
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='"
)


def _page(request: Request, viewer: str, title: str) -> HTMLResponse:
    """ReDoc's styles are <style> elements it writes at run time (styled-components): they
    carry this response's nonce, so its policy needs no 'unsafe-inline'."""
    nonce = secrets.token_urlsafe(18) if viewer == "redoc" else None
    html = (
        environment()
        .get_template("api_docs.html")
        .render(
            viewer=viewer,
            title=title,
            openapi_url=request.app.openapi_url,
            installed=VIEWERS[viewer].exists(),
            nonce=nonce,
        )
    )
    policy = DOCS_CSP
    if nonce:
        styles = f"'self' 'nonce-{nonce}' 'unsafe-hashes' {REDOC_STYLE_ATTRIBUTES}"
        policy = policy.replace("style-src 'self'", f"style-src {styles}")
    return HTMLResponse(html, headers={"Content-Security-Policy": policy})


@router.get("/docs")
def swagger_ui(request: Request, _: Anyone) -> HTMLResponse:
    """Try the API from the browser: "Authorize" takes an `rpk_`/`rpt_` token."""
    return _page(request, "swagger", "riskpanel API (Swagger UI)")


@router.get("/redoc")
def redoc(request: Request, _: Anyone) -> HTMLResponse:
    """The same document as a readable reference, webhooks included."""
    return _page(request, "redoc", "riskpanel API reference (ReDoc)")
