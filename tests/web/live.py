"""A real uvicorn server on 127.0.0.1:<free port> in a thread, and axe-core checks, for the
Playwright browser tests."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from tests.fixtures import World

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: The marks of a browser test module: ``pytestmark = BROWSER_TEST``.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"
    ),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run scripts/assets.sh"),
]


AXE_RUN = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return {passes: r.passes.length, violations: r.violations.map(v => ({id: v.id,
    impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))};
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ws="none",
        http="h11",
        lifespan="on",
        access_log=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@lru_cache(maxsize=1)
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.x A and AA rules) on the page; returns the violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # add_script_tag would be an inline script, which the pages' CSP (rightly) refuses;
        # evaluating the source through the DevTools protocol is not subject to it.
        page.evaluate(_axe_source())
    result = page.evaluate(AXE_RUN, AXE_TAGS)
    assert result["passes"] > 0, "axe-core did not run"
    return list(result["violations"])


#: Every page axe-core checked in this test run, for the summary line at the end.
CHECKED_PAGES: list[str] = []


class Checked:
    """Every page visited is checked with axe; optional screenshots for the README."""

    def __init__(self, page: Any, shots: Path | None) -> None:
        self.page = page
        self.shots = shots
        self.visited: list[str] = []
        self.problems: dict[str, list[dict[str, Any]]] = {}
        self.console_errors: list[str] = []

    def check(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        found = axe_violations(self.page)
        self.visited.append(name)
        CHECKED_PAGES.append(name)
        if found:
            self.problems[name] = found
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)

    def assert_clean(self) -> None:
        assert not self.problems, json.dumps(self.problems, indent=1)


def screenshot_dir() -> Path | None:
    """Screenshots go to docs/screenshots only when asked (RISKPANEL_SCREENSHOTS=1)."""
    return SCREENSHOTS if os.environ.get("RISKPANEL_SCREENSHOTS") == "1" else None


def fill_date(page: Any, name: str, day: date) -> None:
    """A GOV.UK date input whose day field has the id ``name``."""
    page.fill(f"#{name}", str(day.day))
    page.fill(f"#{name}-month", str(day.month))
    page.fill(f"#{name}-year", str(day.year))


def submit(page: Any, text: str) -> None:
    with page.expect_navigation():
        page.click(f"button:has-text('{text}')")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(app: FastAPI, world: World) -> Iterator[str]:
    with serve(app) as url:
        yield url
