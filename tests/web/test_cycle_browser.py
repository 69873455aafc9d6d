"""One whole monthly cycle in a real browser, web only (no API call anywhere), with axe-core
on every page: referral, screening (strands, route, acceptance; the risk checklist is part of
the referral), a late listing with its reason and the chair's agreement, an agency's research
return, attendance, minutes with the victim's voice, the safety plan and actions, the chair's
approval, the agency's update, the approved minutes read on the web, the next meeting's
review, monitoring and closure.

Time is the only thing moved outside the browser: ``hold_meeting`` brings a meeting's start
into the past (a test cannot wait for the meeting day), and the first case, referred and
screened on the web like the second, has its referral dated a month back, so the first
agenda has a case referred before the cut-off beside the late one.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import Case, CaseHistory, Referral
from tests.fixtures import World
from tests.meetings.factories import hold_meeting
from tests.web.live import BROWSER_TEST, Checked, fill_date, submit
from tests.web.test_browser import _refer, _screen

pytestmark = [*BROWSER_TEST, pytest.mark.every_backend]  # issue 21: on both databases

VIEWS = "Wants to stay in her home; asks that officers visit in plain clothes."
PLAN = "Door camera, letterbox guard and a named housing contact."


def _referred_earlier(engine: Engine, case_id: int, days: int) -> None:
    """Time passes: the case's referral was received ``days`` ago (its case opened, and its
    history written, as long ago), as ``hold_meeting`` moves a meeting's start."""
    back = timedelta(days=days)
    with Session(engine) as session:
        case = session.get_one(Case, case_id)
        case.opened_at -= back
        case.last_referral_at -= back
        case.state_entered_at -= back
        rows: list[Any] = [case]
        rows += session.exec(select(Referral).where(col(Referral.case_id) == case_id)).all()
        for referral in rows[1:]:
            referral.received_at -= back
        history = session.exec(select(CaseHistory).where(col(CaseHistory.case_id) == case_id))
        for line in history.all():
            line.at -= back
            rows.append(line)
        session.add_all(rows)
        session.commit()


def _plan(c: Checked, days: int, cutoff: date) -> tuple[str, int]:
    page = c.page
    page.goto("/meetings/new")
    fill_date(page, "f-starts-at", date.today() + timedelta(days=days))
    page.fill("#f-venue", "Committee Room 2, Civic Centre")
    fill_date(page, "f-referral-cutoff-at", cutoff)
    submit(page, "Plan the meeting")
    page.click("button:has-text('Use the proposed agenda')")
    page.wait_for_selector("text=Agenda saved")
    url = page.url.split("?")[0].split("#")[0]
    return url, int(url.rsplit("/", 1)[1])


def _add_to_agenda(c: Checked, case_id: int) -> None:
    form = c.page.locator("form", has=c.page.locator(f"input[name=case_id][value='{case_id}']"))
    form.locator("button").click()
    c.page.wait_for_selector("text=Agenda saved")


def _late_listing(coordinator: Checked, chair: Checked, url: str, case_id: int) -> None:
    page = coordinator.page
    page.select_option("#f-case-id", str(case_id))
    page.fill("#f-reason", "Threats escalated at the weekend; it cannot wait six weeks.")
    submit(page, "Ask the chair")
    assert "Late listing asked for" in page.inner_text("main")
    coordinator.check("meeting-late-listing")
    chair.page.goto(f"{url}/late-listings/{case_id}")
    chair.check("late-listing-check")
    submit(chair.page, "Agree to list it late")
    assert "Late listing agreed" in chair.page.inner_text("main")
    page.goto(url)
    _add_to_agenda(coordinator, case_id)


def _research(officer: Checked, case_id: int) -> None:
    page = officer.page
    page.goto(f"/cases/{case_id}/research")
    page.check("#f-items-0-kind")
    page.fill("#f-items-0-text", "Two calls from the address since June; one arrest.")
    officer.check("research")
    submit(page, "Send the research")
    assert "Two calls from the address" in page.inner_text("main")


def _attendance(c: Checked, world: World, url: str) -> None:
    page = c.page
    page.goto(url)
    police, housing = world.agencies["police"].id, world.agencies["housing"].id
    page.check(f"#f-att-{police}-status-1")
    page.fill(f"#f-att-{police}-name", "Insp. Lena Hart")
    page.check(f"#f-att-{police}-signed")
    page.check(f"#f-att-{housing}-status-2")  # apologies, no name given
    submit(page, "Save the attendance")
    assert "Attendance saved" in page.inner_text("main")
    assert page.input_value(f"#f-att-{housing}-name") == ""


def _minutes(c: Checked, world: World, url: str, case_id: int, **decision: Any) -> None:
    page = c.page
    page.goto(f"{url}/minutes/{case_id}")
    police, support = world.agencies["police"].id, world.agencies["victim_support"].id
    page.select_option("#f-victim-views-agency-id", str(support))
    page.fill("#f-victim-views", VIEWS)
    page.fill("#f-safety-plan", PLAN)
    page.check(decision["radio"])
    if decision.get("action"):
        page.select_option("#f-actions-0-agency-id", str(police))
        page.fill("#f-actions-0-description", decision["action"])
        fill_date(page, "f-actions-0-due-on", date.today() + timedelta(days=14))
    for select_id in decision.get("reviews", ()):
        page.select_option(select_id, "completed")
    if decision.get("notes"):
        page.fill("#f-decision-notes", decision["notes"])
    c.check(decision["shot"])
    submit(page, "Save the minutes for this case")
    assert "Minutes for the case saved" in page.inner_text("main"), page.inner_text("main")


def _approve(chair: Checked, url: str) -> None:
    chair.page.goto(url)
    submit(chair.page, "Approve the minutes")
    assert "Minutes approved" in chair.page.inner_text("main")


def _agency_update(officer: Checked) -> None:
    page = officer.page
    page.goto("/actions")
    page.click("a:has-text('A-')")
    page.wait_for_load_state("load")
    page.check("#f-progress-3")
    page.fill("#f-outcome", "Door camera fitted; victim visited.")
    submit(page, "Send the update")
    assert "Progress update recorded" in page.inner_text("main")


def test_a_whole_cycle_on_the_web(person: Any, world: World, engine: Engine) -> None:
    coordinator, chair = person("coordinator"), person("chair")
    _refer(coordinator, ("Grace", "Okafor"), errors=False)
    on_time_id = int(_screen(coordinator).rsplit("/", 1)[1])
    _referred_earlier(engine, on_time_id, days=30)
    _refer(coordinator)
    case_url = _screen(coordinator)
    late_id = int(case_url.rsplit("/", 1)[1])
    case_ref = coordinator.page.inner_text("h1")
    url, meeting_id = _plan(coordinator, 3, date.today() - timedelta(days=1))
    assert "Referred after the cut-off" in coordinator.page.inner_text("main")
    _late_listing(coordinator, chair, url, late_id)
    coordinator.page.goto(case_url)
    assert "Listed on an agenda" in coordinator.page.inner_text("main")
    officer = person("police_officer")
    _research(officer, late_id)
    hold_meeting(engine, meeting_id)
    _attendance(coordinator, world, url)
    coordinator.check("meeting-held")
    _minutes(
        coordinator,
        world,
        url,
        late_id,
        radio="#f-decision",
        action="Visit the victim and fit a door camera",
        shot="minutes-case",
    )
    _minutes(
        coordinator,
        world,
        url,
        on_time_id,
        radio="#f-decision-2",
        notes="Risk has fallen since the move.",
        shot="minutes-case-close",
    )
    _approve(chair, url)
    coordinator.page.goto(f"{url}/minutes")
    main = coordinator.page.inner_text("main")
    assert VIEWS in main and PLAN in main and case_ref in main and "Insp. Lena Hart" in main
    coordinator.check("minutes-read")
    coordinator.page.goto(f"{url}/minutes/{late_id}")
    assert "Read the whole minutes" in coordinator.page.inner_text("main")
    coordinator.check("minutes-case-approved")
    _agency_update(officer)

    next_url, next_id = _plan(coordinator, 21, date.today() + timedelta(days=14))
    assert case_ref in coordinator.page.inner_text("#agenda ~ table")
    hold_meeting(engine, next_id)
    _attendance(coordinator, world, next_url)
    coordinator.page.goto(f"{next_url}/minutes/{late_id}")
    review = coordinator.page.locator("select[id^='f-reviews-']").first.get_attribute("id")
    _minutes(
        coordinator,
        world,
        next_url,
        late_id,
        radio="#f-decision-2",
        reviews=[f"#{review}"],
        shot="minutes-review",
    )
    coordinator.page.goto(case_url)
    assert "Monitoring" in coordinator.page.inner_text("#state")
    coordinator.page.fill("#f-close-reason", "No further incidents; the victim has moved.")
    submit(coordinator.page, "Close early")
    assert "Closed" in coordinator.page.inner_text("#state")
    coordinator.check("case-closed")
    for c in (coordinator, chair, officer):
        c.assert_clean()
        assert not c.console_errors, c.console_errors
