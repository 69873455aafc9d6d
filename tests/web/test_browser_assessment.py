"""The dip-sample review in a real browser (Chromium, Playwright), axe-checked on every page:
a scrutiny member assesses a summary, the coordinator answers, and the member reads the
answer on the summary's page and in "you said, we did".

Set RISKPANEL_SCREENSHOTS=1 to write docs/screenshots/scrutiny-assessment*.png and
you-said-we-did.png.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.fixtures import World
from tests.web.journeys import released_pack
from tests.web.live import BROWSER_TEST, submit

pytestmark = BROWSER_TEST

COMMENT = "No support referral is recorded for the victim."
ANSWER = "Screening now checks the support referral was made within two working days."


def test_a_members_assessment_reaches_the_coordinator_and_back(
    person: Any, world: World, session: Session, client: TestClient
) -> None:
    pack, _ = released_pack(session, world, client)
    summary = next(s for s in pack["summaries"] if not s["withheld"])
    url = f"/scrutiny/packs/{pack['id']}/summaries/{summary['id']}/assessment"

    member = person("scrutiny")
    page = member.page
    page.goto(url)
    member.check("scrutiny-assessment")
    submit(page, "Continue")  # nothing chosen: the error summary links each question
    assert page.locator(".govuk-error-summary").is_visible()
    member.check("scrutiny-assessment-errors")
    page.click(".govuk-error-summary a >> nth=0")
    assert page.evaluate("document.activeElement.name") == "kept_informed"
    for name, value in (
        ("kept_informed", "yes"),
        ("referred_to_support", "no"),
        ("flagged_correctly", "yes"),
        ("response_timely", "cannot_tell"),
        ("overall", "needs_improvement"),
    ):
        page.check(f"input[name={name}][value={value}]")
    page.fill("textarea[name=comment]", COMMENT)
    submit(page, "Continue")
    assert "Check your assessment" in page.inner_text("main")
    member.check("scrutiny-assessment-check")
    submit(page, "Send assessment")
    assert "Assessment sent" in page.inner_text("main")
    member.check("scrutiny-assessment-sent")

    coordinator = person("coordinator")
    review = coordinator.page
    review.goto("/scrutiny/review/assessments")
    assert COMMENT in review.inner_text("main")
    coordinator.check("scrutiny-assessment-review")
    review.fill("textarea[name^=response-]", ANSWER)
    submit(review, "Send the answer")
    assert "Answer sent" in review.inner_text("main")
    coordinator.check("scrutiny-assessment-answered")

    page.goto(url)
    assert ANSWER in page.inner_text("main") and "can no longer be changed" in page.inner_text(
        "main"
    )
    member.check("scrutiny-assessment-answer")
    page.goto("/scrutiny/you-said-we-did")
    said = page.inner_text("main")
    assert COMMENT in said and ANSWER in said and pack["title"] in said
    assert "scrutiny@example.org" not in said  # names no member
    member.check("you-said-we-did")
    for who in (member, coordinator):
        who.assert_clean()
        assert not who.console_errors, who.console_errors
