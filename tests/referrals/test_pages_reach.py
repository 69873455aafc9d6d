"""The referral pages follow the case's limits for the agency that referred."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from riskpanel.config import Settings
from riskpanel.models import Case, utcnow
from tests.fixtures import World
from tests.referrals.helpers import referred_case
from tests.web.helpers import Browser


def test_referral_page_closes_with_the_case_window(
    browser: type[Browser], client: TestClient, world: World, engine: Engine, settings: Settings
) -> None:
    referral, opened = referred_case(client, world)
    officer = browser("police_officer")
    assert officer.get(f"/referrals/{referral['id']}").status_code == 200
    assert referral["reference"] in officer.get("/referrals").text
    with Session(engine) as session:
        case = session.get(Case, opened["case"]["id"])
        assert case is not None
        days = settings.agency_access_days_after_closure + 1
        case.state, case.closed_at = "closed", utcnow() - timedelta(days=days)
        session.add(case)
        session.commit()
    assert officer.get(f"/referrals/{referral['id']}").status_code == 404
    assert referral["reference"] not in officer.get("/referrals").text
