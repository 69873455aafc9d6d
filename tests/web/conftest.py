"""Web page tests: a browser-like client per person, signed in through the sign-in form; and
for the browser tests, Chromium, a live server and a signed-in page per person."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.web.helpers import PASSWORD
from tests.web.live import (
    CHECKED_PAGES,
    Checked,
    screenshot_dir,
)


@pytest.fixture
def person(chromium: Any, site: str) -> Iterator[Callable[[str], Checked]]:
    """A signed-in browser page per person (``"sign-in"``: not signed in)."""
    contexts: list[Any] = []

    def open_as(actor: str) -> Checked:
        context = chromium.new_context(base_url=site, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        # Script errors and CSP refusals count; a 4xx page (a form error) is expected.
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "console",
            lambda m: (
                errors.append(m.text) if m.type == "error" and "status of 4" not in m.text else None
            ),
        )
        checked = Checked(page, screenshot_dir())
        checked.console_errors = errors
        page.goto("/sign-in")
        if actor == "sign-in":
            return checked
        page.fill("#f-email", f"{actor}@example.org")
        page.fill("#f-password", PASSWORD)
        page.click("button:has-text('Sign in')")
        page.wait_for_load_state("load")
        assert "/sign-in" not in page.url, page.content()[:2000]
        return checked

    yield open_as
    for context in contexts:
        context.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How many pages axe-core checked (each test fails on any violation)."""
    if CHECKED_PAGES:
        terminalreporter.write_line(f"axe-core page checks: {len(CHECKED_PAGES)}")
