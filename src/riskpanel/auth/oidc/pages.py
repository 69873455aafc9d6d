"""Signing in with an agency's identity provider: the start and the provider's callback.

Both are GETs: the start is a link on the sign-in page, and the provider sends the browser
back with a plain redirect. A cookie scoped to the callback's path ties the callback to the
browser that started (so a stolen or planted callback address signs nobody in); it is
SameSite=Lax because the provider's redirect is a top-level navigation from another site.
On success the session cookie is set exactly as for a password sign-in
(``riskpanel.auth.pages``), which also ends any session the browser had before.
"""

from __future__ import annotations

import threading

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from riskpanel.auth.oidc import service
from riskpanel.auth.oidc.client import Directory, ProviderClient, ProviderFailed
from riskpanel.auth.oidc.schemas import Refusal
from riskpanel.auth.pages import Anyone, _claim, _signed_in, safe_next
from riskpanel.kit.errors import NotFound, TooManyRequests
from riskpanel.web.common import DbSession, settings_of, web_router
from riskpanel.web.forms import FormValues
from riskpanel.web.templating import HOME, render

router = web_router()
BROWSER_COOKIE = "riskpanel_sso"
_directory_lock = threading.Lock()


def _client(request: Request, slug: str) -> ProviderClient:
    """The provider named in the address, or 404 (an unknown slug is just a wrong address)."""
    state = request.app.state
    with _directory_lock:
        if getattr(state, "oidc_directory", None) is None:
            state.oidc_directory = Directory(settings_of(request).oidc_providers)
    client: ProviderClient | None = state.oidc_directory.client(slug)
    if client is None:
        raise NotFound("No such sign-in service.")
    return client


def _callback_path(slug: str) -> str:
    return f"/sign-in/oidc/{slug}/callback"


def _redirect_uri(request: Request, slug: str) -> str:
    return settings_of(request).base_url.rstrip("/") + _callback_path(slug)


@router.get("/sign-in/oidc/{slug}")
def start(slug: str, request: Request, session: DbSession, caller: Anyone) -> Response:
    client = _client(request, slug)
    if caller.role in HOME:
        return RedirectResponse(HOME[caller.role], status_code=303)
    settings = settings_of(request)
    try:
        started = service.begin(
            session=session,
            client=client,
            redirect_uri=_redirect_uri(request, slug),
            key=settings.secret_key,
            next_path=safe_next(request.query_params.get("next")),
        )
    except ProviderFailed:
        return _refused(request, client, Refusal.PROVIDER_FAILED)
    session.commit()
    response = RedirectResponse(started.url, status_code=303)
    response.set_cookie(
        BROWSER_COOKIE,
        started.browser_token,
        max_age=int(service.LOGIN_LIFETIME.total_seconds()),
        path=_callback_path(slug),
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )
    return response


@router.get("/sign-in/oidc/{slug}/callback")
def callback(slug: str, request: Request, session: DbSession, caller: Anyone) -> Response:
    client = _client(request, slug)
    settings = settings_of(request)
    params = {k: v for k, v in request.query_params.items() if isinstance(v, str)}
    try:
        login = service.take(
            session=session,
            provider=client.provider,
            params=params,
            browser_token=request.cookies.get(BROWSER_COOKIE),
            key=settings.secret_key,
        )
        session.commit()  # the state is spent before the provider is asked anything
        claims = service.identify(
            session=session,
            client=client,
            login=login,
            params=params,
            redirect_uri=_redirect_uri(request, slug),
            key=settings.secret_key,
        )
        # counted and committed as a password attempt is, under the person's address
        taken = _claim(request, session, FormValues({"email": [service.throttle_key(claims)]}))
        signed = service.admit(
            session=session,
            provider=client.provider,
            claims=claims,
            key=settings.secret_key,
            max_age_seconds=settings.session_max_age_seconds,
            taken=taken,
        )
    except service.SsoRefused as exc:
        session.commit()  # the refusal's audit row
        return _refused(request, client, exc.reason)
    except TooManyRequests as exc:
        response = _refused(request, client, None, 429)
        response.headers.update(exc.headers)
        return response
    response = _signed_in(
        request, session, caller, signed, FormValues({"next": [login.next_path or ""]})
    )
    response.delete_cookie(BROWSER_COOKIE, path=_callback_path(slug))
    return response


def _refused(
    request: Request, client: ProviderClient, reason: Refusal | None, status: int | None = None
) -> Response:
    if reason is None:
        message = "Too many sign-in attempts. Wait 15 minutes, then try again."
    else:
        message = reason.message
    if status is None:
        status = 403 if reason is not None and reason.about_the_account else 400
        status = 502 if reason is Refusal.PROVIDER_FAILED else status
    response = render(
        request,
        None,
        "sign_in_refused.html",
        status_code=status,
        title=f"You cannot sign in with {client.provider.label}",
        message=message,
        account=reason is not None and reason.about_the_account,
    )
    response.delete_cookie(BROWSER_COOKIE, path=_callback_path(client.provider.slug))
    return response
