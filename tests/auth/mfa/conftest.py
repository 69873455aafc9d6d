"""MFA tests: the second factor switched on, a clock the tests move, and sign-in helpers.

The clock is riskpanel's one clock (``riskpanel.kit.clock.utcnow``) held still at the fifth
second of a TOTP time step, so a code made by the test is the code of a known step.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyotp
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from riskpanel.config import Settings
from riskpanel.kit import clock as kit_clock
from tests.conftest import make_settings
from tests.web.helpers import PASSWORD, csrf, hidden

STEP = 30


@pytest.fixture
def settings(database_url: str, owner_database_url: str, tmp_path: Path) -> Settings:
    """As every test's settings, with the second factor required (as outside development)."""
    return make_settings(database_url, owner_database_url, tmp_path / "data").model_copy(
        update={"mfa_required": True}
    )


@dataclass
class Clock:
    now: datetime

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def code(self, secret: str, steps: int = 0) -> str:
        """The TOTP code of the current time step (or ``steps`` away from it)."""
        return pyotp.TOTP(secret).at(self.now, counter_offset=steps)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    real = int(datetime.now(UTC).timestamp())
    held = Clock(datetime.fromtimestamp(real - real % STEP + 5, UTC))
    monkeypatch.setattr(kit_clock, "utcnow", lambda: held.now)
    return held


@pytest.fixture
def web(app: FastAPI) -> Iterator[list[TestClient]]:
    """Clients to close at the end; tests open one per browser session with ``open_client``."""
    clients: list[TestClient] = []
    yield clients
    for c in clients:
        c.__exit__(None, None, None)


def open_client(clients: list[TestClient], app: FastAPI) -> TestClient:
    c = TestClient(app, raise_server_exceptions=True)
    c.__enter__()
    clients.append(c)
    return c


def password_sign_in(client: TestClient, actor: str, next_path: str = "") -> Response:
    """The sign-in form with the right password; the answer is the 303, not followed."""
    page = client.get("/sign-in" + (f"?next={next_path}" if next_path else ""))
    r = client.post(
        "/sign-in",
        data={
            "email": f"{actor}@example.org",
            "password": PASSWORD,
            "signin_token": hidden(page.text, "signin_token"),
            "next": next_path,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return r


def secret_on(html: str) -> str:
    match = re.search(r'<code class="rp-secret" id="totp-secret">([A-Z2-7 ]+)</code>', html)
    assert match, "no secret on the page"
    return match.group(1).replace(" ", "")


def recovery_codes_on(html: str) -> list[str]:
    block = re.search(r'id="recovery-codes">(.*?)</ul>', html, re.S)
    assert block, "no recovery codes on the page"
    return re.findall(r"<code>([a-z0-9-]+)</code>", block.group(1))


@dataclass
class Enrolled:
    client: TestClient
    secret: str
    recovery_codes: list[str]


def enrol(client: TestClient, actor: str, clock: Clock) -> Enrolled:
    """Sign in with the password and set up the authenticator app through the pages."""
    password_sign_in(client, actor)
    page = client.get("/sign-in/second-factor/set-up")
    assert page.status_code == 200, page.text
    secret = secret_on(page.text)
    r = client.post(
        "/sign-in/second-factor/set-up",
        data={"csrf_token": csrf(page.text), "code": clock.code(secret)},
        follow_redirects=False,
    )
    assert r.status_code == 200, r.text
    return Enrolled(client, secret, recovery_codes_on(r.text))


def pass_code(client: TestClient, code: str) -> Response:
    """Type a code on the code page (the session has signed in with its password)."""
    page = client.get("/sign-in/second-factor")
    assert page.status_code == 200, page.text
    return client.post(
        "/sign-in/second-factor",
        data={"csrf_token": csrf(page.text), "code": code},
        follow_redirects=False,
    )
