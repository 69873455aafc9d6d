"""A possible match decided on the web, then the repeat attached from the referral page."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from riskpanel.models import PersonMatch
from tests.fixtures import World
from tests.referrals.helpers import confirm_flags, incident, post_referral, referred_case, victim
from tests.web.helpers import Browser, summary_links, text

FIRST = victim(given="Małgorzata", family="Nowakowska", dob="1988-02-11", postcode="LS7 3CD")
AGAIN = victim(given="Gosia", family="NOWAKOWSKA", dob="1988-02-11", postcode="ls73cd")


def test_coordinator_confirms_a_match_then_attaches_the_repeat(
    browser: type[Browser], client: TestClient, world: World, session: Session
) -> None:
    _, opened = referred_case(client, world, victim=FIRST)
    case_id = opened["case"]["id"]
    r = post_referral(
        client, world, actor="housing_system", victim=AGAIN, incidents=[incident(days_ago=2)]
    )
    assert r.status_code == 201, r.text
    referral_id = r.json()["id"]
    coordinator = browser("coordinator")
    page = coordinator.get(f"/referrals/{referral_id}")
    link = f"/people/{r.json()['victim']['id']}/matches?referral={referral_id}"
    assert link in page.text.replace("&amp;", "&")
    listing = coordinator.get(link)
    assert listing.status_code == 200 and opened["case"]["reference"] in text(listing.text)
    match = session.exec(select(PersonMatch).order_by(col(PersonMatch.id).desc())).first()
    assert match is not None and match.status == "suggested"
    base = {"person_id": str(r.json()["victim"]["id"]), "referral": str(referral_id)}
    bad = coordinator.post(f"/people/matches/{match.id}/check", base)
    assert bad.status_code == 422 and summary_links(bad.text) == [f"f-decision-{match.id}"]
    assert f'id="f-decision-{match.id}-error"' in bad.text
    check = coordinator.post(
        f"/people/matches/{match.id}/check", {**base, f"decision.{match.id}": "same"}
    )
    assert check.status_code == 200 and "will be merged" in text(check.text)
    assert (
        browser("police_officer")
        .post(f"/people/matches/{match.id}/decision", {**base, "decision": "same"})
        .status_code
        == 403
    )
    done = coordinator.post(f"/people/matches/{match.id}/decision", {**base, "decision": "same"})
    assert done.status_code == 303
    assert done.headers["location"] == f"/referrals/{referral_id}?notice=match-confirmed#screening"
    session.rollback()
    decided = session.get(PersonMatch, match.id)
    assert decided is not None and decided.status == "confirmed"
    confirm_flags(client, world, referral_id)
    referral = coordinator.get(done.headers["location"])
    assert "Match confirmed" in text(referral.text)
    etag = client.get(f"/api/v1/cases/{case_id}", headers=world.headers("coordinator"))
    attached = coordinator.post(
        f"/referrals/{referral_id}/screening",
        {"decision": "attach", "case_id": str(case_id), "if_match": etag.headers["ETag"]},
    )
    assert attached.status_code == 303, text(attached.text)


def test_intelligence_links_are_for_the_panel(
    browser: type[Browser], client: TestClient, world: World
) -> None:
    _, opened = referred_case(client, world, victim=FIRST)
    case_id = opened["case"]["id"]
    page = browser("coordinator").get(f"/cases/{case_id}/intelligence")
    assert page.status_code == 200
    body = text(page.text)
    assert opened["case"]["reference"] in body and "Intelligence links" in body
    assert browser("police_officer").get(f"/cases/{case_id}/intelligence").status_code == 403
