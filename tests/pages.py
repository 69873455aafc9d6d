"""A browser-like client per person, signed in through the sign-in form: the fixture every
web page test uses, in tests/web and in the domains' own page tests (tests/<domain>/test_pages.py).
A domain's conftest imports ``browser`` from here to make the fixture available."""

from __future__ import annotations

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
