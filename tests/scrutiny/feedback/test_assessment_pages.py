"""The dip-sample review on the web: question page with an error summary linked to each
field, check your answers, confirmation; the coordinator's answer; the member sees it; and
"you said, we did"."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from riskpanel.models import ScrutinyAssessment
from tests.fixtures import World
from tests.scrutiny.feedback.assessments import GOOD, released
from tests.web.helpers import Browser, summary_links, text


def test_member_coordinator_member_on_the_web(
    client: TestClient, browser: type[Browser], world: World, session: Session
) -> None:
    pack, _, shown = released(session, world, client)
    sid, label = shown[0]["id"], shown[0]["label"]
    member = browser("scrutiny")
    page = member.get(f"/scrutiny/packs/{pack['id']}")
    assert f"Assess how {label} was handled" in text(page.text)
    assert "Members' assessments" in text(page.text) and "Fewer than 10" in text(page.text)

    url = f"/scrutiny/packs/{pack['id']}/summaries/{sid}/assessment"
    form = member.get(url)
    assert form.status_code == 200 and "Was the victim kept informed?" in text(form.text)
    assert "kept_informed" not in text(form.text)  # no engine words on the page
    r = member.post(url, {"overall": "good", "comment": "x" * 2001})
    assert r.status_code == 422
    links = summary_links(r.text)
    assert links[:4] == [
        "f-kept-informed",
        "f-referred-to-support",
        "f-flagged-correctly",
        "f-response-timely",
    ]
    assert "f-comment" in links and 'id="f-kept-informed"' in r.text
    assert "Select an answer to: Was the victim kept informed?" in text(r.text)
    assert 'value="good" checked' in r.text  # what was given is kept

    check = member.post(url, GOOD)
    assert check.status_code == 200 and "Check your assessment" in text(check.text)
    assert "Cannot tell" in text(check.text) and "Adequate" in text(check.text)
    assert session.exec(select(ScrutinyAssessment)).all() == []
    change = member.post(url, {**GOOD, "change": "1"})
    assert 'value="adequate" checked' in change.text
    sent = member.post(url + "/send", GOOD)
    assert sent.status_code == 303 and sent.headers["location"] == url + "/sent"
    assert "Assessment sent" in text(member.get(url + "/sent").text)
    session.rollback()
    row = session.exec(select(ScrutinyAssessment)).one()
    assert row.overall == "adequate" and row.comment == GOOD["comment"]

    coordinator = browser("coordinator")
    review = coordinator.get("/scrutiny/review/assessments")
    assert label in text(review.text) and GOOD["comment"] in text(review.text)
    answer = f"/scrutiny/review/assessments/{row.id}/response"
    r = coordinator.post(answer, {f"response-{row.id}": ""})
    assert r.status_code == 422 and summary_links(r.text) == [f"f-response-{row.id}"]
    r = coordinator.post(answer, {f"response-{row.id}": "Referral step added to screening."})
    assert r.status_code == 303
    assert "Answer sent" in text(coordinator.get(r.headers["location"]).text)
    assert coordinator.post(answer, {f"response-{row.id}": "again"}).status_code == 409

    mine = text(member.get(url).text)
    assert "can no longer be changed" in mine and "Referral step added to screening." in mine
    late = member.post(url + "/send", {**GOOD, "overall": "good"})
    assert late.status_code == 409 and "can no longer change" in text(late.text)
    page = text(member.get(f"/scrutiny/packs/{pack['id']}").text)
    assert "Referral step added to screening." in page
    for who in (member, coordinator):
        said = text(who.get("/scrutiny/you-said-we-did").text)
        assert pack["title"] in said and GOOD["comment"] in said
        assert "Referral step added to screening." in said


def test_pages_refused_to_others(
    client: TestClient, browser: type[Browser], world: World, session: Session
) -> None:
    pack, _, shown = released(session, world, client)
    url = f"/scrutiny/packs/{pack['id']}/summaries/{shown[0]['id']}/assessment"
    officer = browser("police_officer")
    assert officer.get(url).status_code == 403
    assert officer.post(url + "/send", GOOD).status_code == 403
    assert officer.get("/scrutiny/you-said-we-did").status_code == 403
    assert officer.get("/scrutiny/review/assessments").status_code == 403
    coordinator = browser("coordinator")
    assert coordinator.post(url + "/send", GOOD).status_code == 403
    member = browser("scrutiny")
    assert member.get("/scrutiny/review/assessments").status_code == 403
    wrong_pack = f"/scrutiny/packs/{pack['id'] + 1}/summaries/{shown[0]['id']}/assessment"
    assert member.get(wrong_pack).status_code == 404
