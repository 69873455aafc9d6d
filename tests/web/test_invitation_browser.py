"""The invitation journey in a real browser (SQLite pass only): an admin adds a person and
gets the link once; the chair approves the account; the person opens the link, sets a
password and is signed in; the link then says it was used; a person who sets their password
before approval is told they wait for it.
axe-core checks every page. Set RISKPANEL_SCREENSHOTS=1 to write docs/screenshots/*.png.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.web.live import AXE, CHROMIUM, Checked, submit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"
    ),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run scripts/assets.sh"),
]
PASSWORD = "kettle meadow harbour signal"


def _add(admin: Checked, name: str, email: str, role: str) -> str:
    page = admin.page
    page.goto("/admin/users")
    page.fill("#f-display-name", name)
    page.fill("#f-email", email)
    page.select_option("#f-role", role)
    submit(page, "Add the user and get their invitation link")
    assert "User added" in page.inner_text("main")
    link = page.input_value("#link")
    assert link.startswith("http://127.0.0.1:8000/invitations/")  # RISKPANEL_BASE_URL
    return link[link.index("/invitations/") :]  # this test's server has its own port


def test_a_new_person_sets_their_password_from_the_link(
    person: Callable[[str], Checked],
) -> None:
    admin = person("admin")
    link = _add(admin, "Carys Morgan", "c.morgan@example.org", "admin")
    admin.check("admin-user-invited")
    assert "It will not be shown again" in admin.page.inner_text("main")
    chair = person("chair")  # the second person
    chair.page.goto("/approvals")
    chair.check("approvals")
    submit(chair.page, "Approve")
    assert "Account approved" in chair.page.inner_text("main")

    invited = person("sign-in")
    page = invited.page
    page.goto(link)
    assert "Set your password" in page.inner_text("h1")
    assert "c.morgan@example.org" in page.inner_text("main")
    invited.check("invitation")
    page.fill("#f-password", PASSWORD)
    page.fill("#f-confirmation", "not the same password")
    submit(page, "Set password and sign in")
    assert page.locator(".govuk-error-summary").is_visible()
    page.click(".govuk-error-summary a >> nth=0")
    assert page.evaluate("document.activeElement.id") == "f-confirmation"
    invited.check("invitation-errors")
    page.fill("#f-password", PASSWORD)
    page.fill("#f-confirmation", PASSWORD)
    submit(page, "Set password and sign in")
    assert page.url.endswith("/admin/users"), page.url  # signed in: an admin's home page
    assert "Carys Morgan" in page.inner_text("header, nav, body")
    invited.check("invitation-signed-in")

    page.goto(link)
    assert "already been used" in page.inner_text("main")
    invited.check("invitation-used")

    waiting = _add(admin, "Dafydd Bowen", "d.bowen@example.org", "auditor")
    assert "waiting for approval by another admin or the chair" in admin.page.inner_text("main")
    newcomer = person("sign-in")
    newcomer.page.goto(waiting)
    newcomer.page.fill("#f-password", PASSWORD)
    newcomer.page.fill("#f-confirmation", PASSWORD)
    submit(newcomer.page, "Set password and sign in")
    assert "waiting for approval" in newcomer.page.inner_text("main")
    newcomer.check("invitation-waiting")
    admin.page.goto("/admin/users")
    assert "Waiting for approval" in admin.page.inner_text("main")
    admin.check("admin-users-waiting")

    chair.page.goto("/approvals")
    assert "Dafydd Bowen" in chair.page.inner_text("main")
    submit(chair.page, "Approve")
    assert "No accounts are waiting" in chair.page.inner_text("main")
    for c in (admin, invited, newcomer, chair):
        c.assert_clean()
        assert not c.console_errors, c.console_errors
