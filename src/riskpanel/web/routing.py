"""How web pages answer errors: browsers get HTML, never problem+json.

Every page route uses :class:`WebRoute`, whose handler catches what the access rules and the
services raise: not signed in -> redirect to /sign-in (htmx: ``HX-Redirect``); anything else
-> an HTML error page with the same status (404 for what the caller may not see, so ids do
not leak). The access rules stay ordinary dependencies, visible to the route walker test.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from riskpanel.kit.errors import NotAuthenticated, NotFound, RiskPanelError
from riskpanel.web.templating import render

TITLES = {
    400: "Sorry, there is a problem with this request",
    403: "You do not have access to this page",
    404: "Page not found",
    405: "Page not found",
    409: "This change could not be made",
    412: "Someone else changed this first",
    422: "This change could not be made",
    428: "This change could not be made",
    429: "Too many attempts",
}


def wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and request.url.path not in ("/docs",)


def sign_in_redirect(request: Request, page: str = "/sign-in") -> Response:
    """To the sign-in page (or the second-factor or "confirm it's you" page), then back.

    After a second factor or a confirmation a form cannot be re-sent by a redirect, so a
    refused POST returns to the page the form was on (its Referer, on this site only)."""
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    if page != "/sign-in" and request.method != "GET":
        referer = urlsplit(request.headers.get("referer", ""))
        same_site = referer.netloc in ("", request.url.netloc)
        target = referer.path if same_site and referer.path else "/"
        target += "?" + referer.query if same_site and referer.query else ""
    plain = target in ("/", "/sign-in", page)
    location = page if plain else f"{page}?next={quote(target)}"
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": location})
    return RedirectResponse(location, status_code=303)


def error_page(request: Request, status: int, detail: str | None = None) -> HTMLResponse:
    csrf = bool(getattr(request.state, "csrf_token", None))
    body = {
        403: "Your role does not allow this. If you think it should, ask your panel coordinator.",
        404: "If you typed the web address, check it is correct. If you pasted it, check you "
        "copied the entire address. Some records are only visible to certain agencies.",
    }
    if status == 403 and detail and "CSRF" in detail:
        detail = "This form has expired. Go back, reload the page and try again."
    message = detail if status not in (404, 405) else body[404]
    return render(
        request,
        None,
        "error.html",
        status_code=status,
        title=TITLES.get(status, "Sorry, there is a problem with the service"),
        message=message or body.get(status, ""),
        signed_in=csrf,
    )


class WebRoute(APIRoute):
    """An APIRoute whose errors become pages (see the module docstring)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def web_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except NotAuthenticated as exc:
                return sign_in_redirect(request, exc.page)
            except RiskPanelError as exc:
                return error_page(request, exc.status, exc.detail)
            except RequestValidationError as exc:
                in_path = any(e.get("loc", ("",))[0] == "path" for e in exc.errors())
                if in_path:
                    return error_page(request, 404)
                return error_page(request, 400, "Some of the values in the address are not valid.")

        return web_handler


def install_html_errors(app: FastAPI) -> None:
    """Unknown addresses outside /api get the HTML 404 page; the API keeps problem+json."""
    api_handler: Any = app.exception_handlers.get(StarletteHTTPException)

    async def _http(request: Request, exc: Exception) -> Response:
        if isinstance(exc, StarletteHTTPException) and wants_html(request):
            status = exc.status_code if exc.status_code in TITLES else 404
            return error_page(request, status)
        assert api_handler is not None
        return await api_handler(request, exc)

    app.add_exception_handler(StarletteHTTPException, _http)


__all__ = ["NotFound", "WebRoute", "error_page", "install_html_errors", "sign_in_redirect"]
