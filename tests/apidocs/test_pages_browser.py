"""/docs (Swagger UI) and /redoc (ReDoc) in a real browser on a network with nothing but
riskpanel: every request the page makes goes to riskpanel, nothing is refused by the page's
policy, and the operations are on the screen."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.live import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"
    ),
]
OPERATION = "Refer a victim to the panel"


def _open(chromium: Any, site: str, path: str) -> tuple[Any, list[str], list[str]]:
    context = chromium.new_context(base_url=site)
    # Anything not served by riskpanel fails here, as on a network without internet.
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(site) else route.abort(),
    )
    page = context.new_page()
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(path)
    return page, requests, problems


@pytest.mark.parametrize(
    ("path", "rendered"),
    [("/docs", ".opblock"), ("/redoc", "[data-section-id^='operation/']")],
)
def test_the_docs_render_from_riskpanel_alone(
    chromium: Any, site: str, path: str, rendered: str
) -> None:
    page, requests, problems = _open(chromium, site, path)
    page.wait_for_selector(rendered, timeout=30_000, state="attached")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(OPERATION).first.is_visible() or OPERATION in page.content()
    assert page.locator(rendered).count() > 50, "the operations did not render"
    outside = [u for u in requests if not u.startswith((site, "data:", "blob:"))]
    assert outside == [], outside
    assert f"{site}/api/v1/openapi.json" in requests
    assert problems == [], problems  # CSP refusals are console errors
    page.context.close()
