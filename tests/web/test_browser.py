"""Journeys in a real browser (Debian's Chromium, driven by Playwright) against a real
uvicorn server on a fresh copy of the migrated database; axe-core checks every page visited.

Set RISKPANEL_SCREENSHOTS=1 to write docs/screenshots/*.png.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from riskpanel.models import Action, Meeting, utcnow
from tests.fixtures import World
from tests.meetings.factories import hold_meeting, make_action, make_case
from tests.web.journeys import NARRATIVE, released_pack
from tests.web.live import BROWSER_TEST, Checked, fill_date, submit

pytestmark = BROWSER_TEST


def _refer(c: Checked, victim: tuple[str, str] = ("Amira", "Haddad"), errors: bool = True) -> None:
    """Refer a victim (``errors``: first send the form empty and follow the error summary)."""
    page = c.page
    page.goto("/referrals/new")
    if errors:
        c.check("referral-form")
        submit(page, "Send the referral")
        assert page.locator(".govuk-error-summary").is_visible()
        c.check("referral-form-errors")
        page.click(".govuk-error-summary a >> nth=0")
        assert page.evaluate("document.activeElement.id").startswith("f-")
    page.fill("#f-victim-given-name", victim[0])
    page.fill("#f-victim-family-name", victim[1])
    page.check("#f-victim-lawful-basis")
    page.check("#f-incidents-0-kind")
    fill_date(page, "f-incidents-0-occurred-on", date.today() - timedelta(days=3))
    fill_date(page, "f-incidents-0-reported-at", date.today() - timedelta(days=2))
    page.check("label:has-text('Religion') >> xpath=preceding-sibling::input")
    page.select_option("#f-incidents-0-perceived-by", "victim")
    page.fill("#f-narrative", NARRATIVE)
    page.fill("#f-why-answer", "Because I wear a headscarf.")
    page.check("#f-consent-victim-aware")
    page.check("#f-consent-victim-consents")
    for q in ("getting_worse", "home_attacked", "threatened_with_harm"):
        page.check(f"#f-assessment-{q.replace('_', '-')}")
    page.check("#f-assessment-judgement-level-3")
    page.fill("#f-assessment-judgement-reason", "Attacks on the home are escalating.")
    submit(page, "Send the referral")
    assert "Referral received" in page.inner_text("main")
    assert "hijab" in page.inner_text("#main-content")
    c.check("referral")


def _screen(c: Checked) -> str:
    page = c.page
    submit(page, "Record the strands")
    submit(page, "Open a case and start screening")
    page.check("input[value=accept]")
    submit(page, "Record the decision")
    assert re.search(r"/cases/\d+", page.url)
    assert "Accepted, waiting for a meeting" in page.inner_text("main")
    c.check("case")
    return page.url.split("?")[0]


def _plan_meeting(c: Checked) -> str:
    page = c.page
    page.goto("/meetings/new")
    fill_date(page, "f-starts-at", date.today() + timedelta(days=2))
    page.fill("#f-venue", "Committee Room 2, Civic Centre")
    fill_date(page, "f-referral-cutoff-at", date.today() + timedelta(days=1))
    c.check("meeting-new")
    submit(page, "Plan the meeting")
    assert "Meeting planned" in page.inner_text("main"), page.inner_text("main")
    page.click("button:has-text('Use the proposed agenda')")  # htmx: swaps the page's main part
    page.wait_for_selector("text=Agenda saved")
    assert page.locator("#agenda ~ table").count() == 1
    return page.url.split("?")[0]


def _minutes(c: Checked, world: World, meeting_url: str, case_ref: str) -> None:
    page = c.page
    page.goto(meeting_url)
    police = world.agencies["police"].id
    page.check(f"#f-att-{police}-status-1")
    page.fill(f"#f-att-{police}-name", "Insp. Lena Hart")
    page.check(f"#f-att-{police}-signed")
    submit(page, "Save the attendance")
    assert "Attendance saved" in page.inner_text("main")
    c.check("meeting")
    page.click("a:has-text('Record minutes')")
    page.wait_for_load_state("load")
    page.select_option("#f-information-0-agency-id", str(police))
    page.fill("#f-information-0-text", "Three incidents reported at the address since June.")
    page.check("#f-decision")
    page.select_option("#f-actions-0-agency-id", str(police))
    page.fill("#f-actions-0-description", "Visit the victim and fit a door camera")
    fill_date(page, "f-actions-0-due-on", date.today() + timedelta(days=14))
    c.check("minutes-case")
    submit(page, "Save the minutes for this case")
    assert "Minutes for the case saved" in page.inner_text("main")
    assert "Minuted" in page.inner_text("main") and case_ref in page.inner_text("main")


def _downloads(c: Checked) -> None:
    for link in ("Agenda (PDF)", "Minutes (PDF)"):
        with c.page.expect_download() as info:
            c.page.click(f"a:has-text('{link}')")
        path = info.value.path()
        assert path is not None and Path(path).read_bytes()[:4] == b"%PDF"


def test_coordinator_from_referral_to_minutes_and_an_agency_update(
    person: Any, world: World, engine: Engine
) -> None:
    coordinator = person("coordinator")
    coordinator.check("dashboard")
    _refer(coordinator)
    case_url = _screen(coordinator)
    case_ref = coordinator.page.inner_text("h1")
    meeting_url = _plan_meeting(coordinator)
    hold_meeting(engine, int(meeting_url.rsplit("/", 1)[1]))
    _minutes(coordinator, world, meeting_url, case_ref)
    chair = person("chair")
    chair.page.goto(meeting_url)
    submit(chair.page, "Approve the minutes")
    assert "Minutes approved" in chair.page.inner_text("main")
    chair.check("meeting-approved")
    _downloads(chair)
    coordinator.page.goto("/actions")
    coordinator.check("actions")
    coordinator.page.goto(case_url)
    assert "Action" in coordinator.page.inner_text("#timeline ~ ol")

    officer = person("police_officer")
    officer.check("agency-home")  # where an agency lands: research, actions, cases
    officer.page.goto("/actions")
    officer.check("agency-actions")
    officer.page.click("a:has-text('A-')")
    officer.page.wait_for_load_state("load")
    officer.page.check("#f-progress-3")
    submit(officer.page, "Send the update")
    assert officer.page.locator(".govuk-error-summary").is_visible()
    officer.page.fill("#f-outcome", "Camera fitted; victim visited on Tuesday.")
    submit(officer.page, "Send the update")
    assert "Progress update recorded" in officer.page.inner_text("main")
    officer.check("agency-action")
    for c in (coordinator, chair, officer):
        c.assert_clean()
        assert not c.console_errors, c.console_errors


def test_scrutiny_member_reads_a_pack(
    person: Any, world: World, session: Session, client: TestClient
) -> None:
    pack, _ = released_pack(session, world, client)
    member = person("scrutiny")
    member.check("scrutiny-packs")
    member.page.click(f"a:has-text('{pack['title']}')")
    member.page.wait_for_load_state("load")
    member.check("scrutiny-pack")
    member.page.check("input[value=amber] >> nth=0")
    member.page.fill("textarea[name=comment] >> nth=0", "The support referral came late.")
    submit(member.page, "Send feedback")
    assert "Feedback sent" in member.page.inner_text("main")
    member.page.goto("/scrutiny/statistics")
    member.check("scrutiny-statistics")
    member.assert_clean()


def test_an_agency_gets_nothing_from_another_agencys_urls(
    person: Any, world: World, engine: Engine
) -> None:
    theirs = make_case(engine, world, state="actions_open", referrer="police")
    with Session(engine) as session:
        now = utcnow()
        meeting = Meeting(panel_id=world.panel.id or 0, starts_at=now, referral_cutoff_at=now)
        session.add(meeting)
        session.commit()
        meeting_id = meeting.id or 0
    action_id = make_action(
        engine, world, case_id=theirs.id, meeting_id=meeting_id, agency="police", due_in_days=5
    )
    with Session(engine) as session:
        secret = session.exec(select(Action).where(Action.id == action_id)).one().description
    outsider = person("outsider_officer")
    for path in (
        f"/cases/{theirs.id}",
        f"/actions/{action_id}",
        f"/meetings/{meeting_id}",
        f"/cases/{theirs.id}/research",
        f"/meetings/{meeting_id}/minutes/{theirs.id}",
    ):
        response = outsider.page.goto(path)
        assert response is not None and response.status in (403, 404), path
        body = outsider.page.inner_text("body")
        assert (
            theirs.reference not in body and theirs.family_name not in body and secret not in body
        )
    outsider.page.goto(f"/cases/{theirs.id}")
    outsider.check("not-found")
    outsider.assert_clean()


def test_sign_in_admin_and_auditor_pages(person: Any, world: World) -> None:
    anonymous = person("sign-in")
    anonymous.check("sign-in")
    admin = person("admin")
    admin.check("admin-users")
    for path, name in (("/admin/agencies", "admin-agencies"), ("/admin/keys", "admin-keys")):
        admin.page.goto(path)
        admin.check(name)
    auditor = person("auditor")
    auditor.page.select_option("#f-action", "sign_in")
    auditor.page.click("button:has-text('Search the log')")
    auditor.page.wait_for_url(re.compile(r"action=sign_in"))
    assert "Sign in" in auditor.page.inner_text("#results")
    auditor.check("audit")
    coordinator = person("coordinator")
    for path, name in (("/referrals", "referrals"), ("/cases", "cases"), ("/meetings", "meetings")):
        coordinator.page.goto(path)
        coordinator.check(name)
    for c in (anonymous, admin, auditor, coordinator):
        c.assert_clean()
