"""Reconsideration on the web: the referrer asks, the chair sends the case back to screening."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from riskpanel.models import Case, Referral
from tests.fixtures import World
from tests.referrals.helpers import referred_case, screen
from tests.web.helpers import Browser, hidden, summary_links, text


def test_the_referrer_asks_and_the_chair_reconsiders(
    browser: type[Browser], client: TestClient, world: World, session: Session
) -> None:
    referral, opened = referred_case(client, world)
    case_id, referral_id = opened["case"]["id"], referral["id"]
    rejected = screen(
        client, world, referral_id, "reject", etag=opened["case_etag"], reason="Not hate crime"
    )
    assert rejected.status_code == 200, rejected.text
    officer = browser("police_officer")  # the referring agency
    page = officer.get(f"/referrals/{referral_id}")
    assert f'href="/referrals/{referral_id}/reconsideration"' in page.text
    path = f"/referrals/{referral_id}/reconsideration"
    assert officer.get(path).status_code == 200
    r = officer.post(path, {"reason": "  "})
    assert r.status_code == 422 and summary_links(r.text) == ["f-reason"]
    assert 'id="f-reason-error"' in r.text and "Enter why the chair" in text(r.text)
    assert browser("housing_officer").post(path, {"reason": "Probe"}).status_code == 404
    assert browser("auditor").post(path, {"reason": "Probe"}).status_code == 403
    r = officer.post(path, {"reason": "A fourth incident was reported yesterday."})
    assert r.status_code == 303
    assert "Request sent" in text(officer.get(r.headers["location"]).text)
    session.rollback()
    row = session.get(Referral, referral_id)
    assert row is not None and row.status == "escalated"
    chair = browser("chair")
    page = chair.get(f"/referrals/{referral_id}")
    assert "A fourth incident was reported yesterday." in text(page.text)
    assert "Send back to screening" in text(page.text)
    r = chair.post(
        f"/referrals/{referral_id}/screening",
        {
            "decision": "reconsider",
            "reason": "New incident changes the picture.",
            "if_match": hidden(page.text, "if_match"),
        },
    )
    assert r.status_code == 303, text(r.text)
    session.rollback()
    case = session.get(Case, case_id)
    assert case is not None and case.state == "screening"
