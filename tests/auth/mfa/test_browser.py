"""Setting up the authenticator app in a real browser (Chromium, Playwright), axe-checked."""

from __future__ import annotations

from typing import Any

import pyotp
import pytest

from tests.web.helpers import PASSWORD
from tests.web.live import AXE, CHROMIUM, Checked, screenshot_dir, submit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"
    ),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run scripts/assets.sh"),
]


def test_first_sign_in_sets_up_the_authenticator_app(chromium: Any, site: str) -> None:
    context = chromium.new_context(base_url=site)
    page = context.new_page()
    c = Checked(page, screenshot_dir())
    page.on("pageerror", lambda e: c.console_errors.append(str(e)))
    page.on(
        "console",
        lambda m: (
            c.console_errors.append(m.text)
            if m.type == "error" and "status of 4" not in m.text
            else None
        ),
    )
    try:
        page.goto("/cases")
        page.fill("#f-email", "chair@example.org")
        page.fill("#f-password", PASSWORD)
        submit(page, "Sign in")
        assert "/sign-in/second-factor/set-up?next=/cases" in page.url
        assert page.locator("img.rp-qr").is_visible()
        width = page.evaluate("document.querySelector('img.rp-qr').naturalWidth")
        assert width > 100  # the server-drawn SVG loads under the pages' CSP
        c.check("second-factor-set-up")
        page.click("text=I cannot scan the QR code")
        secret = page.inner_text("#totp-secret").replace(" ", "")
        submit(page, "Continue")
        assert page.locator(".govuk-error-summary").is_visible()
        c.check("second-factor-set-up-errors")
        page.fill("#f-code", pyotp.TOTP(secret).now())
        submit(page, "Continue")
        assert "Your authenticator app is set up" in page.inner_text("main")
        assert page.locator("#recovery-codes li").count() == 10
        c.check("second-factor-recovery-codes")
        with page.expect_navigation():
            page.click("text=I have kept my recovery codes: continue")
        assert page.url.endswith("/cases")
        c.check("cases-after-second-factor")
        c.assert_clean()
        assert not c.console_errors, c.console_errors
    finally:
        context.close()
