"""Signing in through the web form and reading pages, for the TestClient page tests.

The ``browser`` fixture lives here, not in tests/web/conftest.py, because page tests sit
beside their domain (tests/auth/test_pages.py ...); tests/conftest.py registers it for all."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from tests.fixtures import World

PASSWORD = "correct horse battery staple"  # the synthetic test users' password


def sign_in(client: TestClient, actor: str) -> str:
    """Sign in as ``<actor>@example.org``; returns the session's CSRF token."""
    page = client.get("/sign-in")
    assert page.status_code == 200, page.text
    token = hidden(page.text, "signin_token")
    r = client.post(
        "/sign-in",
        data={"email": f"{actor}@example.org", "password": PASSWORD, "signin_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    home = client.get(r.headers["location"])
    assert home.status_code == 200, home.text
    return csrf(home.text)


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return html_lib.unescape(match.group(1))


def csrf(html: str) -> str:
    return hidden(html, "csrf_token")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def text(html: str) -> str:
    """The visible text of a page, whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def summary_links(html: str) -> list[str]:
    block = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    assert block, "no error summary"
    return re.findall(r'<a href="#([^"]+)">', block.group(1))


class Browser:
    """A TestClient with its own cookies, signed in as one person."""

    def __init__(self, client: TestClient, actor: str) -> None:
        self.client = client
        self.actor = actor
        self.csrf = sign_in(client, actor)

    def get(self, path: str) -> Response:
        return self.client.get(path)

    def post(self, path: str, data: dict[str, Any] | None = None) -> Response:
        body = {"csrf_token": self.csrf, **(data or {})}
        return self.client.post(path, data=body, follow_redirects=False)


@pytest.fixture
def browser(app: FastAPI, world: World) -> Iterator[Callable[[str], Browser]]:
    clients: list[TestClient] = []

    def open_as(actor: str) -> Browser:
        client = TestClient(app, raise_server_exceptions=True)
        client.__enter__()
        clients.append(client)
        return Browser(client, actor)

    yield open_as
    for client in clients:
        client.__exit__(None, None, None)
