"""A browser-like client per person, signed in through the sign-in form.

Shared by every page test (the web's own and each domain's ``test_pages.py``): the root
conftest imports the ``browser`` fixture from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from tests.fixtures import World
from tests.web.helpers import sign_in


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


def summary_links(html: str) -> list[str]:
    """The error summary's links: each must point at a field of the form."""
    block = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    assert block, "no error summary"
    return re.findall(r'<a href="#([^"]+)">', block.group(1))
