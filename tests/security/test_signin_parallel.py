"""The sign-in throttle against a real `riskpanel serve --workers 2` and parallel attempts.

Before the throttle counted attempts in the database ahead of the password check, 40
parallel wrong passwords on PostgreSQL got 34 judged instead of 5, and the right password
sent inside the burst signed in. Judged attempts are counted from the access log (each
judged failure writes one ``sign_in``/``failed`` event); refused ones never reach it.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, col, select

from riskpanel.config import Settings
from riskpanel.models import AuditEvent
from tests.crash.harness import Server
from tests.fixtures import World

pytestmark = pytest.mark.timeout(300)
SESSION = "/api/v1/auth/session"
PASSWORD = "correct horse battery staple"
BURST = 40


def _burst(base: str, bodies: list[dict[str, str]], address: str) -> Counter[int]:
    """All at once, each on its own connection, so both workers take a share."""
    headers = {"X-Forwarded-For": address}  # the harness trusts its own 127.0.0.1 proxy

    def attempt(body: dict[str, str]) -> int:
        with httpx.Client(base_url=base, timeout=60) as http:
            return http.post(SESSION, json=body, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return Counter(pool.map(attempt, bodies))


def _judged_failures(session: Session) -> int:
    session.rollback()  # a fresh snapshot: SQLite keeps the old one inside a transaction
    events = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "sign_in")).all()
    return sum(1 for e in events if e.detail.get("outcome") == "failed")


def test_parallel_attempts_across_two_workers_get_at_most_the_limits_judged(
    settings: Settings, world: World, session: Session, tmp_path: Path
) -> None:
    per_account = settings.login_attempts_per_15_minutes
    per_address = settings.login_attempts_per_address_per_15_minutes
    server = Server(settings, tmp_path / "serve.log", workers=2)
    server.start()
    try:
        wrong = {"email": "coordinator@example.org", "password": "not the password"}
        statuses = _burst(server.base, [wrong] * BURST, "198.51.100.7")
        assert statuses[401] == per_account and statuses[429] == BURST - per_account, statuses
        assert _judged_failures(session) == per_account
        with httpx.Client(base_url=server.base, timeout=60) as http:
            right = {"email": "coordinator@example.org", "password": PASSWORD}
            late = http.post(SESSION, json=right, headers={"X-Forwarded-For": "203.0.113.9"})
        assert late.status_code == 429, late.text  # the right password, inside the window
        assert late.headers["content-type"] == "application/problem+json"
        assert 0 < int(late.headers["retry-after"]) <= 15 * 60
        assert "set-cookie" not in late.headers

        spray = [{"email": f"nobody{i}@example.org", "password": "guess"} for i in range(BURST)]
        statuses = _burst(server.base, spray, "192.0.2.55")
        assert statuses[401] == per_address and statuses[429] == BURST - per_address, statuses
        assert _judged_failures(session) == per_account + per_address
        with httpx.Client(base_url=server.base, timeout=60) as http:
            chair = {"email": "chair@example.org", "password": PASSWORD}
            held = http.post(SESSION, json=chair, headers={"X-Forwarded-For": "192.0.2.55"})
            elsewhere = http.post(SESSION, json=chair, headers={"X-Forwarded-For": "192.0.2.56"})
        assert held.status_code == 429 and elsewhere.status_code == 201
    finally:
        server.stop()
