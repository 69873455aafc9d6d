"""Browser journey through the case pages that were API-only (issue 21): re-assessment with
its error and check page, the Victims' Code record, intelligence links and a person match;
axe-core checks every page visited (RISKPANEL_SCREENSHOTS=1 writes docs/screenshots)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.fixtures import World
from tests.referrals.helpers import incident, post_referral, referred_case, victim
from tests.web.live import BROWSER_TEST, Checked, fill_date, submit

pytestmark = BROWSER_TEST

FIRST = victim(given="Małgorzata", family="Zielińska", dob="1979-09-14", postcode="LS8 1EF")
AGAIN = victim(given="Gosia", family="ZIELIŃSKA", dob="1979-09-14", postcode="ls81ef")


def _main(c: Checked) -> str:
    return str(c.page.inner_text("main"))


def _reassess(c: Checked, case_id: int) -> None:
    page = c.page
    page.goto(f"/cases/{case_id}")
    page.click("a:has-text('Re-assess the risk')")
    page.wait_for_load_state("load")
    c.check("case-reassess")
    page.check("#f-assessment-judgement-level-3")  # high, with no reason
    submit(page, "Continue")
    link = page.locator(".govuk-error-summary a[href='#f-assessment-judgement-reason']")
    link.click()
    assert page.evaluate("document.activeElement.id") == "f-assessment-judgement-reason"
    c.check("case-reassess-errors")
    page.fill("#f-assessment-judgement-reason", "Threats to burn the house down.")
    page.check("#f-assessment-getting-worse")
    submit(page, "Continue")
    assert "changes from" in _main(c)
    c.check("case-reassess-check")
    submit(page, "Record the assessment")
    assert "Risk re-assessed" in _main(c)


def _victims_code(c: Checked, case_id: int) -> None:
    page = c.page
    page.click("a:has-text('Update the Victims')")
    page.wait_for_load_state("load")
    fill_date(page, "f-needs-assessed-at", date.today() - timedelta(days=1))
    page.fill("#f-needs-outcome", "Wants updates by phone after 6pm; no court support yet.")
    page.fill("#f-update-schedule", "Weekly by phone")
    page.select_option("#f-lead-agency-id", label="Test Police")
    c.check("victims-code")
    submit(page, "Continue")
    assert "Test Police" in _main(c)
    c.check("victims-code-check")
    submit(page, "Save the record")
    assert "Victims' Code record saved" in _main(c)
    page.goto(f"/cases/{case_id}/intelligence")
    c.check("case-intelligence")


def test_coordinator_works_on_a_case_without_the_api(
    person: Any, client: TestClient, world: World
) -> None:
    _, opened = referred_case(client, world, victim=FIRST)
    r = post_referral(
        client, world, actor="housing_system", victim=AGAIN, incidents=[incident(days_ago=2)]
    )
    assert r.status_code == 201, r.text
    coordinator = person("coordinator")
    _reassess(coordinator, opened["case"]["id"])
    _victims_code(coordinator, opened["case"]["id"])
    page = coordinator.page
    page.goto(f"/referrals/{r.json()['id']}")
    page.click("a:has-text('Confirm or reject the match first')")
    page.wait_for_load_state("load")
    coordinator.check("person-matches")
    page.check("[id^='f-decision-']")
    submit(page, "Continue")
    coordinator.check("person-match-check")
    submit(page, "Merge the records")
    assert "Match confirmed" in _main(coordinator)
    coordinator.assert_clean()
    assert not coordinator.console_errors, coordinator.console_errors
