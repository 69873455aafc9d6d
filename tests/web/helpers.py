"""Signing in through the web form and reading pages, for the TestClient page tests."""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser

from fastapi.testclient import TestClient

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
