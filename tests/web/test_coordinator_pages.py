"""The coordinator's and chair's pages: dashboard, referral to case, transitions, meetings."""

from __future__ import annotations

import re

from sqlalchemy import Engine
from sqlmodel import Session, select

from riskpanel.models import AuditEvent, Case
from tests.fixtures import World
from tests.meetings.factories import make_action, make_case
from tests.web.helpers import Browser, hidden, summary_links, text
from tests.web.journeys import plan_meeting, referral_form


def test_every_error_in_the_summary_links_to_a_field(browser: type[Browser], world: World) -> None:
    coordinator = browser("coordinator")
    r = coordinator.post("/referrals/new", {"victim.given_name": "Amira"})
    assert r.status_code == 422
    anchors = summary_links(r.text)
    assert "f-incidents-0-kind" in anchors and "f-consent-victim-aware" in anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in r.text, anchor
    assert 'value="Amira"' in r.text  # what was typed comes back


def test_a_service_refusal_names_the_field(browser: type[Browser], world: World) -> None:
    coordinator = browser("coordinator")
    form = referral_form(**{"incidents[0].strands": [], "consent.victim_consents": "no"})
    r = coordinator.post("/referrals/new", form)
    assert r.status_code == 422
    anchors = summary_links(r.text)
    assert "f-incidents-0-strands" in anchors
    assert "f-consent-sharing-without-consent-reason" in anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in r.text


def test_referral_to_an_accepted_case(browser: type[Browser], world: World, engine: Engine) -> None:
    coordinator = browser("coordinator")
    r = coordinator.post("/referrals/new", referral_form())
    assert r.status_code == 303, r.text
    page = coordinator.get(r.headers["location"])
    body = text(page.text)
    assert "Referral received" in body and "Strand flag check" in body
    assert "hijab" in body and "High risk" in body
    referral_path = r.headers["location"].split("?")[0]
    assert (
        coordinator.post(
            f"{referral_path}/flags",
            {"incident_id": re.findall(r'name="incident_id" value="(\d+)"', page.text)[0]},
        ).status_code
        == 303
    )
    r = coordinator.post(f"{referral_path}/screening", {"decision": "open_case"})
    assert r.status_code == 303
    page = coordinator.get(referral_path)
    r = coordinator.post(
        f"{referral_path}/screening",
        {"decision": "accept", "route": "high_risk", "if_match": hidden(page.text, "if_match")},
    )
    assert r.status_code == 303, text(r.text)
    case_page = coordinator.get(r.headers["location"])
    assert "Accepted, waiting for a meeting" in text(case_page.text)
    timeline = text(case_page.text)
    assert "Accept onto the panel: now accepted, waiting for a meeting" in timeline
    assert "Case opened: now referral received" in timeline and "Transition" not in timeline


def test_dashboard_lists_what_needs_doing(
    browser: type[Browser], world: World, engine: Engine
) -> None:
    made = make_case(engine, world, state="actions_open", last_heard_days_ago=400)
    meeting_id = plan_meeting(browser("coordinator"))
    make_action(
        engine, world, case_id=made.id, meeting_id=meeting_id, agency="housing", due_in_days=-3
    )
    with Session(engine) as session:
        from riskpanel.models import Action

        for action in session.exec(select(Action)):
            action.overdue = True
            session.add(action)
        session.commit()
    body = text(browser("coordinator").get("/dashboard").text)
    assert "Upcoming meetings" in body
    assert made.reference in body  # 12 months since the last hearing
    assert "Overdue actions (1)" in body


def test_case_page_and_a_stale_transition(
    browser: type[Browser], world: World, engine: Engine
) -> None:
    made = make_case(engine, world, state="accepted")
    coordinator = browser("coordinator")
    page = coordinator.get(f"/cases/{made.id}")
    assert page.status_code == 200
    body = text(page.text)
    assert made.reference in body and made.given_name in body and "What can happen now" in body
    etag = hidden(page.text, "if_match")
    with Session(engine) as session:
        case = session.get(Case, made.id)
        assert case is not None
        case.row_version += 1
        session.add(case)
        session.commit()
    r = coordinator.post(f"/cases/{made.id}/transitions", {"trigger": "unlist", "if_match": etag})
    assert r.status_code in (409, 412)
    assert summary_links(r.text)
    with Session(engine) as session:
        reads = session.exec(select(AuditEvent).where(AuditEvent.case_id == made.id)).all()
        assert any(e.action == "consultation" for e in reads)
