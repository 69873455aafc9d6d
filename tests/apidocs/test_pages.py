"""/docs and /redoc are riskpanel's own pages: every asset from riskpanel, no inline script,
and a policy that lets the browser load nothing from anywhere else."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from riskpanel.api.middleware import SECURITY_HEADERS
from riskpanel.apidocs.pages import VIEWERS

PAGES = ["/docs", "/redoc"]


class Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "href"):
            if found.get(name):
                self.urls.append(str(found[name]))
        self._in_script = tag == "script" and not found.get("src")

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


@pytest.mark.parametrize("path", PAGES)
def test_the_docs_pages_name_only_riskpanels_own_assets(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = Assets()
    page.feed(response.text)
    assert page.inline_scripts == 0
    scripts = [u for u in page.urls if u.endswith(".js")]
    assert any("/static/vendor/" in u for u in scripts), "the viewer is not vendored"
    assert all(u.startswith("/") and not u.startswith("//") for u in page.urls), page.urls
    for url in page.urls:
        if url.startswith("/static/"):
            assert client.get(url).status_code == 200, url
    assert "/api/v1/openapi.json" in response.text


@pytest.mark.parametrize("path", PAGES)
def test_the_docs_pages_policy_allows_nothing_external(client: TestClient, path: str) -> None:
    policy = client.get(path).headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["default-src"] == "'self'"
    assert "http" not in policy and "*" not in policy
    assert "unsafe-inline" not in directives["script-src"]


def test_other_pages_keep_the_strict_policy(client: TestClient) -> None:
    strict = dict(SECURITY_HEADERS)[b"content-security-policy"].decode()
    assert "connect-src" not in strict
    for path in ("/sign-in", "/api/v1/health", "/api/v1/openapi.json", "/docs/x"):
        assert client.get(path).headers["content-security-policy"] == strict, path


def test_only_the_redoc_page_carries_a_style_nonce(client: TestClient) -> None:
    first, second = (client.get("/redoc") for _ in range(2))
    nonces = [
        r.headers["content-security-policy"].split("'nonce-")[1].split("'")[0]
        for r in (first, second)
    ]
    assert nonces[0] != nonces[1] and f'data-style-nonce="{nonces[0]}"' in first.text
    assert "nonce-" not in client.get("/docs").headers["content-security-policy"]


def test_the_viewers_are_installed() -> None:
    """scripts/assets.sh vendors both from npm; without them the pages say so instead."""
    assert all(path.exists() for path in VIEWERS.values()), VIEWERS
