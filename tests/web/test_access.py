"""Default deny on every page, sign-in and sign-out, CSRF, and HTML error pages."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from riskpanel.api.access import AccessRule
from riskpanel.web.routing import WebRoute
from tests.fixtures import World
from tests.security.test_default_deny import _rules
from tests.web.helpers import PASSWORD, Browser, hidden, text

PAGES = [
    "/",
    "/dashboard",
    "/referrals",
    "/referrals/new",
    "/referrals/1",
    "/cases",
    "/cases/1",
    "/cases/1/research",
    "/meetings",
    "/meetings/new",
    "/meetings/1",
    "/meetings/1/minutes/1",
    "/actions",
    "/actions/1",
    "/agency",
    "/scrutiny",
    "/scrutiny/packs/1",
    "/scrutiny/statistics",
    "/scrutiny/review",
    "/scrutiny/review/new",
    "/scrutiny/review/packs/1",
    "/scrutiny/review/packs/1/summaries/1",
    "/scrutiny/review/feedback",
    "/admin/users",
    "/admin/agencies",
    "/admin/keys",
    "/audit",
]


def web_routes(app: FastAPI) -> list[APIRoute]:
    """Every page route, including those inside included routers."""
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route if hasattr(context, "original_route") else context
        if isinstance(route, WebRoute):
            found.append(route)
    return found


def test_every_page_declares_an_access_rule(app: FastAPI) -> None:
    routes = web_routes(app)
    assert len(routes) >= 30
    missing = [
        r.path for r in routes if not any(isinstance(x, AccessRule) for x in _rules(r.dependant))
    ]
    assert missing == []
    assert any(getattr(r, "path", "") == "/static" for r in app.routes)
    assert not any(r.path.startswith("/api/") for r in routes)


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_people_are_sent_to_sign_in(client: TestClient, path: str) -> None:
    r = client.get(path, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/sign-in")
    if path != "/":
        assert r.headers["location"] == f"/sign-in?next={path}"


@pytest.mark.parametrize(
    "path",
    [
        "/cases/1/transitions",
        "/cases/1/victim-updates",
        "/cases/1/support-referrals",
        "/scrutiny/review/new",
        "/scrutiny/review/packs/1/release",
        "/scrutiny/review/packs/1/summaries/1/redactions",
        "/scrutiny/review/feedback/1/response",
        "/admin/keys",
        "/admin/keys/1/1/rotate",
    ],
)
def test_anonymous_posts_are_refused_without_touching_anything(
    client: TestClient, path: str
) -> None:
    r = client.post(path, data={"trigger": "accept"}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/sign-in")


def test_htmx_requests_are_redirected_with_a_header(client: TestClient) -> None:
    r = client.get("/dashboard", headers={"HX-Request": "true"}, follow_redirects=False)
    assert r.headers["hx-redirect"] == "/sign-in?next=/dashboard"


def _sign_in_form(client: TestClient) -> str:
    return hidden(client.get("/sign-in").text, "signin_token")


def test_sign_in_errors_use_the_error_summary(client: TestClient, world: World) -> None:
    token = _sign_in_form(client)
    r = client.post("/sign-in", data={"signin_token": token, "email": "", "password": ""})
    assert r.status_code == 422
    assert '<a href="#f-email">Enter your email address</a>' in r.text
    assert '<a href="#f-password">Enter your password</a>' in r.text
    assert 'id="f-email"' in r.text and 'aria-describedby="f-email-error"' in r.text
    assert r.text.count("<title>Error: ") == 1
    r = client.post(
        "/sign-in",
        data={"signin_token": token, "email": "coordinator@example.org", "password": "wrong"},
    )
    assert r.status_code == 401
    assert "Enter a correct email address and password" in r.text
    assert "wrong" not in r.text  # the password is never sent back


def test_sign_in_needs_the_forms_own_token(client: TestClient, world: World) -> None:
    client.get("/sign-in")
    r = client.post(
        "/sign-in",
        data={"signin_token": "forged", "email": "coordinator@example.org", "password": PASSWORD},
        follow_redirects=False,
    )
    assert r.status_code == 400
    assert "riskpanel_session" not in r.headers.get("set-cookie", "")


def test_sign_in_goes_to_the_page_asked_for_and_sign_out_ends_the_session(
    client: TestClient, world: World
) -> None:
    page = client.get("/sign-in?next=/cases")
    r = client.post(
        "/sign-in",
        data={
            "signin_token": hidden(page.text, "signin_token"),
            "next": hidden(page.text, "next"),
            "email": "coordinator@example.org",
            "password": PASSWORD,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/cases"
    assert "HttpOnly" in r.headers["set-cookie"] and "SameSite=lax" in r.headers["set-cookie"]
    page = client.get("/cases")
    token = hidden(page.text, "csrf_token")
    r = client.post("/sign-out", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/cases", follow_redirects=False).status_code == 303
    assert "You have signed out" in client.get("/sign-in?notice=signed-out").text


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil"])
def test_sign_in_never_redirects_off_site(client: TestClient, world: World, target: str) -> None:
    page = client.get("/sign-in")
    r = client.post(
        "/sign-in",
        data={
            "signin_token": hidden(page.text, "signin_token"),
            "next": target,
            "email": "auditor@example.org",
            "password": PASSWORD,
        },
        follow_redirects=False,
    )
    assert r.headers["location"] == "/audit"


def test_forms_without_the_csrf_token_are_refused(browser: type[Browser], world: World) -> None:
    coordinator = browser("coordinator")
    r = coordinator.client.post("/meetings/new", data={"venue": "Hall"}, follow_redirects=False)
    assert r.status_code == 403
    assert "This form has expired" in r.text
    assert r.headers["content-type"].startswith("text/html")


def test_roles_without_access_get_a_403_page(browser: type[Browser], world: World) -> None:
    auditor = browser("auditor")
    r = auditor.get("/dashboard")
    assert r.status_code == 403 and "You do not have access" in r.text
    agency = browser("police_officer")
    assert agency.get("/meetings/new").status_code == 403
    assert agency.get("/admin/users").status_code == 403


def test_unknown_pages_are_html_404s_and_the_api_keeps_problem_json(
    browser: type[Browser], world: World
) -> None:
    coordinator = browser("coordinator")
    for path in ("/no-such-page", "/cases/999999", "/cases/not-a-number", "/static/nothing.css"):
        r = coordinator.get(path)
        assert r.status_code == 404, path
        assert r.headers["content-type"].startswith("text/html"), path
        assert "Page not found" in r.text
    api = coordinator.client.get("/api/v1/no-such-thing")
    assert api.headers["content-type"] == "application/problem+json"


def test_pages_carry_the_marking_a_skip_link_and_security_headers(
    browser: type[Browser], world: World
) -> None:
    r = browser("coordinator").get("/dashboard")
    assert "OFFICIAL-SENSITIVE" in text(r.text)
    assert re.search(r'<a href="#main-content" class="govuk-skip-link"', r.text)
    assert 'id="main-content"' in r.text and '<html lang="en-GB"' in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "<script>" not in r.text and " style=" not in r.text  # the CSP allows neither
    assert r.headers["cache-control"] == "no-store"
