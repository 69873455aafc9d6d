"""The victim's voice and the safety plan in each case's minutes (API and web), in the
minutes and agency extract PDFs, and approved minutes read on the web with their versions."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from riskpanel.config import Settings
from riskpanel.documents import ActionItem, AgencyExtractDocument
from riskpanel.documents.samples import sample_extract
from riskpanel.documents.views import VictimVoice
from riskpanel.models import LateListing, Meeting, MinuteEntry, Minutes, utcnow
from riskpanel.retention.erasure import ERASED
from riskpanel.retention.policy import DEFAULT_POLICY
from riskpanel.retention.service import run
from tests.fixtures import World
from tests.meetings.factories import pdf_pages
from tests.meetings.flow import (
    API,
    actions_agreed,
    held_meeting_with_cases,
    minutes_etag,
    put_minutes,
)
from tests.security.matrix import Ctx
from tests.web.helpers import Browser, hidden, text

VIEWS = "Wants to stay in her flat; asks that officers visit in plain clothes."
PLAN = "Door camera and letterbox guard; a named contact at the housing office."


def _voiced(world: World) -> dict:
    body = actions_agreed(world, "housing")
    return body | {
        "victim_views": VIEWS,
        "victim_views_agency_id": world.agencies["victim_support"].id,
        "safety_plan": PLAN,
    }


def test_the_victims_voice_needs_the_agency_that_reported_it(
    client: TestClient, world: World, engine: Engine
) -> None:
    meeting, (case,) = held_meeting_with_cases(client, world, engine, {})
    mid = meeting["id"]
    body = _voiced(world)
    unattributed = {k: v for k, v in body.items() if k != "victim_views_agency_id"}
    r = put_minutes(client, world, mid, case.id, unattributed)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "victim_views_agency_id"
    r = put_minutes(client, world, mid, case.id, body)
    assert r.status_code == 200, r.text
    saved = r.json()
    assert (saved["victim_views"], saved["safety_plan"]) == (VIEWS, PLAN)
    assert saved["victim_views_agency_id"] == world.agencies["victim_support"].id
    minutes = " ".join(
        pdf_pages(
            client.get(f"{API}/{mid}/minutes.pdf", headers=world.headers("coordinator")).content
        )
    )
    assert VIEWS in minutes and PLAN in minutes and "Test Victim Support" in minutes
    housing = world.agencies["housing"].id
    approve = client.post(
        f"{API}/{mid}/minutes/approve",
        headers=world.headers("chair", **{"If-Match": minutes_etag(client, world, mid)}),
    )
    assert approve.status_code == 200, approve.text
    extract = client.get(
        f"{API}/{mid}/agencies/{housing}/extract.pdf", headers=world.headers("housing_officer")
    )
    assert extract.status_code == 200, extract.text
    words = " ".join(pdf_pages(extract.content))
    assert VIEWS in words and PLAN in words


def test_an_extract_carries_the_voice_only_of_cases_the_agency_acts_on() -> None:
    base = sample_extract("Housing")
    own = ActionItem(
        action_ref="A-1",
        case_ref="HC-1",
        owner_agency="Housing",
        description="Fit a door camera.",
        due_date=date(2027, 3, 1),
    )
    voices = [
        VictimVoice(case_ref="HC-1", views=VIEWS, reported_by="Victim Support"),
        VictimVoice(case_ref="HC-2", safety_plan=PLAN),
    ]
    extract = AgencyExtractDocument.for_agency(
        meeting=base.meeting,
        confidentiality_statement="Confidential.",
        agency_name="Housing",
        actions=[own],
        coordinator=base.coordinator,
        voices=voices,
    )
    assert [v.case_ref for v in extract.voices] == ["HC-1"]


def test_minutes_are_recorded_then_read_on_the_web_with_their_versions(
    browser: type[Browser], client: TestClient, world: World, engine: Engine
) -> None:
    meeting, (case,) = held_meeting_with_cases(client, world, engine, {})
    path = f"/meetings/{meeting['id']}"
    coordinator, chair = browser("coordinator"), browser("chair")
    form = coordinator.get(f"{path}/minutes/{case.id}")
    assert "The victim's views and wishes" in text(form.text)
    body = {
        "if_match": hidden(form.text, "if_match"),
        "decision": "close_no_action",
        "decision_notes": "Risk has fallen since the move.",
        "victim_views": VIEWS,
        "safety_plan": PLAN,
    }
    r = coordinator.post(f"{path}/minutes/{case.id}", body)
    assert r.status_code == 422 and 'href="#f-victim-views-agency-id"' in r.text
    body["victim_views_agency_id"] = str(world.agencies["victim_support"].id)
    r = coordinator.post(f"{path}/minutes/{case.id}", body)
    assert r.status_code == 303, text(r.text)
    again = text(coordinator.get(f"{path}/minutes/{case.id}").text)
    assert VIEWS in again  # the form shows what is saved
    page = chair.get(path)
    r = chair.post(
        f"{path}/minutes-approval",
        {"if_match": hidden(page.text.split('id="f-approve"')[1], "if_match")},
    )
    assert r.status_code == 303, text(r.text)
    read = coordinator.get(f"{path}/minutes/{case.id}")
    shown = text(read.text)
    assert (
        read.status_code == 200
        and "<form" not in read.text.split("</header>")[-1].split("<footer")[0]
    )
    assert VIEWS in shown and PLAN in shown and "Closed with no further action" in shown
    whole = coordinator.get(f"{path}/minutes")
    assert whole.status_code == 200
    assert "Insp. Lena Hart" in text(whole.text) and case.reference in text(whole.text)
    r = coordinator.post(
        f"{path}/minutes-correction",
        {"if_match": hidden(whole.text.split('action="/meetings')[-1], "if_match"), "reason": "x"},
    )
    assert r.status_code == 422 and 'href="#f-reason"' in r.text
    assert "Correct the minutes" in text(r.text)  # the same page, with the error summary
    r = coordinator.post(
        f"{path}/minutes-correction",
        {
            "if_match": hidden(whole.text.split('action="/meetings')[-1], "if_match"),
            "reason": "The safety plan named the wrong housing office.",
        },
    )
    assert r.status_code == 303, text(r.text)
    v2 = text(coordinator.get(f"{path}/minutes").text)
    assert "Version 2" in v2 and "wrong housing office" in v2 and "Draft" in v2
    v1 = text(coordinator.get(f"{path}/minutes?version=1").text)
    assert "Minutes, version 1" in v1 and "Approved" in v1


def test_erasure_clears_the_victims_voice_and_a_late_listings_reason(
    session: Session, world: World, settings: Settings
) -> None:
    closed = utcnow() - timedelta(days=365 * 7)
    case = Ctx(session, world, settings).fresh_case(
        True, closed_at=closed, opened_at=closed - timedelta(days=365), state="closed"
    )
    meeting = Meeting(
        panel_id=case.panel_id, starts_at=closed, referral_cutoff_at=closed - timedelta(days=10)
    )
    session.add(meeting)
    session.flush()
    minutes = Minutes(meeting_id=meeting.id or 0)
    session.add(minutes)
    session.flush()
    entry = MinuteEntry(
        minutes_id=minutes.id or 0, case_id=case.id or 0, victim_views=VIEWS, safety_plan=PLAN
    )
    late = LateListing(
        meeting_id=meeting.id or 0,
        case_id=case.id or 0,
        reason="Her neighbour threatened her again.",
        requested_by_user_id=world.users["coordinator"].id or 0,
    )
    session.add_all([entry, late])
    session.commit()
    assert run(session=session, policy=DEFAULT_POLICY, now=utcnow()).erased["case"] == [case.id]
    session.commit()
    session.expire_all()
    assert (entry.victim_views, entry.safety_plan) == (None, None)
    assert late.reason == ERASED
