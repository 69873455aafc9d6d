"""Single sign-on in a real browser: Chromium follows the redirects to the test provider and
back to a live riskpanel server; axe-core checks the pages on the way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI

from tests.auth.oidc.conftest import LABEL
from tests.auth.oidc.provider import TestProvider
from tests.fixtures import World
from tests.web.live import BROWSER_TEST, Checked, screenshot_dir

pytestmark = BROWSER_TEST


def _page(chromium: Any, site: str) -> tuple[Any, Checked]:
    context = chromium.new_context(base_url=site)
    return context, Checked(context.new_page(), screenshot_dir())


def test_sign_in_with_the_agency_provider(
    chromium: Any,
    site: str,
    app: FastAPI,
    world: World,
    provider: TestProvider,
    tmp_path: Path,
) -> None:
    app.state.settings.base_url = site  # the provider sends the browser back here
    context, checked = _page(chromium, site)
    page = checked.page
    try:
        page.goto("/sign-in?next=/actions")
        checked.check("sso-sign-in")
        page.screenshot(path=str(tmp_path / "sso-sign-in.png"), full_page=True)
        page.click(f"a:has-text('Sign in with {LABEL}')")
        page.wait_for_url("**/actions")
        assert "Police Officer" in page.inner_text("header")
        page.screenshot(path=str(tmp_path / "sso-signed-in.png"), full_page=True)
        checked.check("sso-signed-in")

        provider.person.sub, provider.person.email = "op-2", "someone.new@example.org"
        context.clear_cookies()
        page.goto("/sign-in")
        page.click(f"a:has-text('Sign in with {LABEL}')")
        page.wait_for_load_state("load")
        assert f"You cannot sign in with {LABEL}" in page.inner_text("h1")
        assert "/sign-in/oidc/" in page.url
        page.screenshot(path=str(tmp_path / "sso-refused.png"), full_page=True)
        checked.check("sso-refused")
        checked.assert_clean()
        print("screenshots:", tmp_path)
    finally:
        context.close()
