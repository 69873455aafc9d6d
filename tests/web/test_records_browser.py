"""The records pages in a real browser, axe-core on each: the coordinator places a legal
hold on a case due for erasure (the form, its error, check answers, confirmation), checks
and runs retention (the held case is kept, the others erased), lifts the hold, and prepares
a subject access response (the file downloads); an agency officer removes a webhook
endpoint from its confirmation page.

Set RISKPANEL_SCREENSHOTS=1 to write docs/screenshots/*.png.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from riskpanel.config import Settings
from riskpanel.models import WebhookEndpoint
from tests.fixtures import World
from tests.security import builders
from tests.security.matrix import Ctx
from tests.security.test_retention import closed_case
from tests.web.live import BROWSER_TEST, Checked, submit

pytestmark = BROWSER_TEST


HOLD_REASON = "A civil claim against the landlord: the court may ask for these records."


def _place_hold(c: Checked, reference: str) -> None:
    page = c.page
    page.goto("/retention")
    page.click("a:has-text('Place a legal hold on a case')")
    page.fill("#f-case-reference", reference)
    submit(page, "Continue")
    assert "Enter why the case must be kept" in page.inner_text(".govuk-error-summary")
    c.check("legal-hold-errors")
    page.fill("#f-reason", HOLD_REASON)
    submit(page, "Continue")
    assert reference in page.inner_text("main")
    c.check("legal-hold-check")
    submit(page, "Place the legal hold")
    assert "Legal hold placed" in page.inner_text("main")
    c.check("legal-hold-done")


def _lift_hold(c: Checked, reference: str) -> None:
    page = c.page
    page.goto("/retention")
    assert HOLD_REASON in page.inner_text("main")
    c.check("retention-holds")
    page.click(f"a:has-text('Lift'):has-text('{reference}')")
    page.fill("#f-reason", "The claim was settled; the usual period applies again.")
    submit(page, "Continue")
    submit(page, "Lift the legal hold")
    assert "Legal hold lifted" in page.inner_text("main")


def _retention(c: Checked, references: list[str], held: str) -> None:
    page = c.page
    page.goto("/retention")
    c.check("retention")
    submit(page, "Check what a run would erase")
    assert all(r in page.inner_text("#cases") for r in references)
    assert held not in page.inner_text("#cases")
    assert held in page.inner_text("main")  # listed as kept under the hold
    c.check("retention-check")
    submit(page, "Erase these records")
    assert "Select to confirm" in page.inner_text(".govuk-error-summary")
    c.check("retention-check-errors")
    page.check("#f-confirm")
    submit(page, "Erase these records")
    assert "2 cases" in page.inner_text("#done")
    c.check("retention-done")


def _subject_access(c: Checked, reference: str) -> None:
    page = c.page
    page.goto("/subject-access")
    page.fill("#f-family-name", "Haddad")
    submit(page, "Search")
    c.check("subject-access")
    with page.expect_navigation():
        page.click("#results a")
    assert reference in page.inner_text("main")
    c.check("subject-access-person")
    page.check("#f-format-2")  # JSON
    with page.expect_download() as download:
        page.click("button:has-text('Prepare and download the response')")
    assert download.value.suggested_filename.endswith(".json")


def test_records_pages(person: Any, world: World, session: Session, settings: Settings) -> None:
    ctx = Ctx(session, world, settings)
    old = [closed_case(ctx, 7), closed_case(ctx, 9)]
    kept = closed_case(ctx, 8)  # as old, but under a legal hold
    victim = builders.make_person(
        session, given_name="Amira", family_name="Haddad", date_of_birth=date(1988, 2, 14)
    )
    case = builders.make_case(
        session,
        panel_id=world.panel.id or 0,
        referring_agency_id=world.agencies["police"].id,
        victim=victim,
    )
    endpoint = WebhookEndpoint(
        agency_id=world.agencies["police"].id or 0,
        url="https://hooks.police.example/riskpanel",
        description="Case system (live)",
        secret="whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0",
    )
    session.add(endpoint)
    session.commit()

    coordinator = person("coordinator")
    _place_hold(coordinator, kept.reference)
    _retention(coordinator, [c.reference for c in old], kept.reference)
    _lift_hold(coordinator, kept.reference)
    _subject_access(coordinator, case.reference)
    officer = person("police_officer")
    officer.page.goto(f"/webhooks/{endpoint.id}")
    with officer.page.expect_navigation():
        officer.page.click("a:has-text('Remove this endpoint')")
    officer.check("webhook-remove")
    submit(officer.page, "Remove the endpoint")
    assert "no webhook endpoints" in officer.page.inner_text("main")
    for c in (coordinator, officer):
        c.assert_clean()
        assert not c.console_errors, c.console_errors
