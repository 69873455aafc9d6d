"""Transport edges: HSTS under an https base URL, credentials refused in query strings,
and query strings kept out of the server's access log."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlmodel import Session, select

import riskpanel.main as main_module
from riskpanel.config import Settings
from riskpanel.main import create_app
from riskpanel.models import AuditEvent
from tests.fixtures import World

HSTS = "max-age=31536000; includeSubDomains"
CASES = "/api/v1/cases"


def test_hsts_on_every_response_under_an_https_base_url(settings: Settings) -> None:
    secure = settings.model_copy(update={"base_url": "https://riskpanel.testshire.example"})
    with TestClient(create_app(secure), raise_server_exceptions=False) as c:
        for path in ("/api/v1/health", "/api/v1/missing", "/login", "/static/missing.css"):
            r = c.get(path)
            assert r.headers["strict-transport-security"] == HSTS, path
        refused = c.get(CASES)  # 401 problem+json
        assert refused.status_code == 401
        assert refused.headers["strict-transport-security"] == HSTS


def test_no_hsts_under_an_http_base_url(client: TestClient) -> None:
    for path in ("/api/v1/health", "/api/v1/missing", "/login"):
        assert "strict-transport-security" not in client.get(path).headers


@pytest.mark.parametrize(
    "query",
    [
        "access_token={key}",
        "api_key={key}",
        "API-KEY={key}",
        "token={key}",
        "key={key}",
        "state=open&apikey={key}",
        "state={key}",  # a bearer key under an innocent name
        "cursor=abc{key}def",
    ],
)
def test_a_credential_in_the_query_string_is_refused_without_echoing_it(
    client: TestClient,
    world: World,
    session: Session,
    caplog: pytest.LogCaptureFixture,
    query: str,
) -> None:
    key = world.tokens["police_system"]
    before = len(session.exec(select(AuditEvent)).all())
    with caplog.at_level(logging.DEBUG):
        r = client.get(f"{CASES}?{query.format(key=key)}", headers={"X-Request-ID": "qcred-1234"})
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["type"].endswith("/credentials-in-query")
    assert body["request_id"] == "qcred-1234"
    assert body["errors"][0]["message"] == "must not carry a credential"
    assert key not in r.text and key[:20] not in r.text
    served = [r.getMessage() for r in caplog.records if not r.name.startswith("httpx")]
    assert not [line for line in served if key in line]  # httpx logs the test client's URL
    assert len(session.exec(select(AuditEvent)).all()) == before  # nothing read, nothing used
    # A web page is refused the same way, before the sign-in redirect carries it on.
    page = client.get(f"/cases?{query.format(key=key)}", follow_redirects=False)
    assert page.status_code == 400 and key not in page.text


def test_ordinary_query_parameters_still_work(client: TestClient, world: World) -> None:
    r = client.get(f"{CASES}?state=open&limit=5", headers=world.headers("coordinator"))
    assert r.status_code == 200
    assert client.get("/sign-in?next=/cases").status_code == 200


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextmanager
def _served(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """riskpanel under a real uvicorn server, started the way ``riskpanel serve`` starts it
    (the app factory, after uvicorn has configured its own logging)."""
    monkeypatch.setattr(main_module, "get_settings", lambda: settings)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        "riskpanel.main:create_app", factory=True, log_level="info", access_log=True
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def test_the_server_access_log_carries_no_query_strings(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = _Records()
    with _served(settings, monkeypatch) as base:
        logging.getLogger("uvicorn.access").addHandler(records)
        try:
            httpx.get(f"{base}/api/v1/health?state=open&needle=zebedee-quux")
            httpx.get(f"{base}/api/v1/health?token=rpk_0123456789ab_secretsecretsecretsecret")
        finally:
            logging.getLogger("uvicorn.access").removeHandler(records)
    health = [line for line in records.lines if "/api/v1/health" in line]
    assert len(health) == 2, records.lines
    assert all("?" not in line for line in health)
    assert not [line for line in records.lines if "zebedee" in line or "secretsecret" in line]
    assert " 200" in health[0] and " 400" in health[1]
