"""Browser journeys for the coordinator's scrutiny review, the admin's API keys, the case
page's Victims' Code forms and the referral form's extra incidents; axe-core checks every
page visited (see test_browser.py for the fixtures' setup and RISKPANEL_SCREENSHOTS=1)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from tests.fixtures import World
from tests.meetings.factories import make_case
from tests.scrutiny.factories import PERIOD, ScrutinyFactory
from tests.web.live import BROWSER_TEST, Checked, fill_date, submit

pytestmark = BROWSER_TEST


def _main(c: Checked) -> str:
    return str(c.page.inner_text("main"))


def _draw_and_review(c: Checked) -> None:
    page = c.page
    page.goto("/scrutiny/review")
    c.check("scrutiny-review-packs")
    page.click("a:has-text('Draw a new pack')")
    page.wait_for_load_state("load")
    fill_date(page, "f-period-start", PERIOD[0])
    fill_date(page, "f-period-end", PERIOD[1])
    page.fill("#f-sample-size", "10")
    page.fill("#f-k", "3")
    c.check("scrutiny-review-new")
    submit(page, "Draw the pack")
    assert "Pack drawn" in _main(c)
    assert page.locator("mark.rp-removed").count() >= 8
    c.check("scrutiny-review-pack")
    page.click("a:has-text('Review Case A')")
    page.wait_for_load_state("load")
    c.check("scrutiny-review-summary")
    submit(page, "Remove this text")
    assert page.locator(".govuk-error-summary").is_visible()
    c.check("scrutiny-review-summary-errors")
    page.click(".govuk-error-summary a >> nth=0")
    assert page.evaluate("document.activeElement.id") == "f-phrase"
    page.fill("#f-phrase", "frightened")
    submit(page, "Remove this text")
    assert "Text removed from the summary" in _main(c)
    assert "frightened" not in page.inner_text("#summary-text ~ p")
    for _ in range(4):
        submit(page, "Mark as reviewed")
    assert "Every summary is now reviewed or withheld" in _main(c)


def test_coordinator_releases_a_pack_that_a_member_reads_and_gets_an_answer(
    person: Any, world: World, session: Session
) -> None:
    factory = ScrutinyFactory(session, world, seed=31)
    for _ in range(4):
        factory.closed_case(strands=("disability",), district="Southbank", age=45, sex="female")
    coordinator = person("coordinator")
    _draw_and_review(coordinator)
    page = coordinator.page
    page.fill("#f-recipients", "Community scrutiny panel\nNorthshire Independent Advisory Group")
    submit(page, "Release the pack")
    assert "Pack released" in _main(coordinator)
    coordinator.check("scrutiny-review-released")
    title = page.inner_text("h1")

    member = person("scrutiny")
    member.page.click(f"a:has-text('{title}')")
    member.page.wait_for_load_state("load")
    member.page.check("input[value=red] >> nth=0")
    member.page.fill("textarea[name=comment] >> nth=0", "Nobody explained the delay to her.")
    submit(member.page, "Send feedback")
    assert "Feedback sent" in _main(member)
    seen = _main(member)
    assert not [s for made in factory.made for s in made.secrets if s in seen]

    page.goto("/scrutiny/review/feedback")
    assert "Nobody explained the delay to her." in _main(coordinator)
    coordinator.check("scrutiny-review-feedback")
    page.fill("textarea[name^=response-]", "Agreed: updates are now given weekly by phone.")
    submit(page, "Send the answer")
    assert "Answer sent to the scrutiny member" in _main(coordinator)
    member.page.reload()
    assert "Panel's answer: Agreed: updates are now given weekly by phone." in _main(member)
    for c in (coordinator, member):
        c.assert_clean()
        assert not c.console_errors, c.console_errors


def test_admin_issues_a_key_and_sees_it_only_once(person: Any, world: World) -> None:
    admin = person("admin")
    page = admin.page
    page.goto("/admin/keys")
    submit(page, "Issue the key")
    assert page.locator(".govuk-error-summary").is_visible()
    admin.check("admin-keys-errors")
    page.click(".govuk-error-summary a >> nth=0")
    assert page.evaluate("document.activeElement.id") == "f-agency-id"
    page.select_option("#f-agency-id", str(world.agencies["housing"].id))
    page.fill("#f-name", "Housing CRM bridge")
    submit(page, "Issue the key")
    token = page.input_value("#issued-token")
    assert token.startswith("rpk_") and "Key issued" in _main(admin)
    admin.check("admin-key-issued")
    page.goto("/admin/keys")
    assert token not in page.content() and "Housing CRM bridge" in _main(admin)
    page.fill("input[id^=f-overlap-] >> nth=0", "60")
    submit(page, "Rotate")
    assert "Key rotated" in _main(admin) and page.input_value("#issued-token") != token
    assert "Active until" in _main(admin)
    admin.check("admin-key-rotated")
    admin.assert_clean()
    assert not admin.console_errors, admin.console_errors


def test_victims_code_forms_and_a_second_incident(
    person: Any, world: World, engine: Engine
) -> None:
    made = make_case(engine, world, state="accepted")
    coordinator = person("coordinator")
    page = coordinator.page
    page.goto(f"/cases/{made.id}")
    page.click("summary:has-text('Record an update given to the victim')")
    page.select_option("#f-update-kind", "arrest")
    page.check("#f-update-method")
    page.fill("#f-update-summary", "Told her a man was arrested and bailed away from the street.")
    coordinator.check("case-victim-update-form")
    submit(page, "Record the update")
    assert "Update to the victim recorded" in _main(coordinator)
    assert "Update to victim: Arrest (phone)" in page.inner_text("#timeline ~ ol")
    page.click("summary:has-text('Record a referral to a support service')")
    page.check("#f-support-status-2")
    page.fill("#f-support-service", "Victim Support")
    submit(page, "Record the support referral")
    assert page.locator(".govuk-error-summary").is_visible()
    coordinator.check("case-support-referral-errors")
    page.click(".govuk-error-summary a >> nth=0")
    assert page.evaluate("document.activeElement.id") == "f-support-declined-reason"
    page.fill("#f-support-declined-reason", "Her family is supporting her.")
    submit(page, "Record the support referral")
    assert "Support referral recorded" in _main(coordinator)
    assert "Victim Support: declined by the victim" in page.inner_text("#timeline ~ ol")

    page.goto("/referrals/new")
    page.click("summary:has-text('Add incident 2 (optional)')")
    page.fill("#f-incidents-1-place", "Outside the corner shop")
    submit(page, "Send the referral")
    assert page.locator("#incident-2[open]").count() == 1
    link = page.locator(".govuk-error-summary a[href='#f-incidents-1-kind']")
    assert "incident 2" in link.inner_text()
    link.click()
    assert page.evaluate("document.activeElement.id") == "f-incidents-1-kind"
    coordinator.check("referral-form-incidents-errors")
    coordinator.assert_clean()
    assert not coordinator.console_errors, coordinator.console_errors
