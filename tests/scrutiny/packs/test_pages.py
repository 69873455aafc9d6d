"""The coordinator's scrutiny pages: draw a pack, review each summary (removals marked),
remove more text, withhold, release; then members' feedback and the coordinator's answer."""

from __future__ import annotations

import re

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import AuditEvent, ScrutinyPack
from tests.fixtures import World
from tests.scrutiny.factories import PERIOD, ScrutinyFactory
from tests.web.helpers import Browser, hidden, summary_links, text
from tests.web.journeys import date_fields


def _closed_cases(session: Session, world: World, n: int = 4) -> ScrutinyFactory:
    factory = ScrutinyFactory(session, world, seed=31)
    for _ in range(n):
        factory.closed_case(strands=("disability",), district="Southbank", age=45, sex="female")
    return factory


def _draw(coordinator: Browser, size: int = 10) -> str:
    r = coordinator.post(
        "/scrutiny/review/new",
        {
            **date_fields("period_start", PERIOD[0]),
            **date_fields("period_end", PERIOD[1]),
            "sample_size": str(size),
            "k": "3",
        },
    )
    assert r.status_code == 303, text(r.text)
    assert r.headers["location"].endswith("?notice=pack")
    return r.headers["location"].split("?")[0]


def _summary_paths(html: str) -> list[str]:
    return list(
        dict.fromkeys(re.findall(r'href="(/scrutiny/review/packs/\d+/summaries/\d+)"', html))
    )


def test_the_pack_form_links_each_error_to_its_field(browser: type[Browser], world: World) -> None:
    coordinator = browser("coordinator")
    page = coordinator.get("/scrutiny/review/new")
    assert page.status_code == 200 and 'name="period_start.day"' in page.text
    r = coordinator.post("/scrutiny/review/new", {"sample_size": "0", "k": "2"})
    assert r.status_code == 422
    anchors = summary_links(r.text)
    assert anchors == ["f-period-start", "f-period-end", "f-sample-size", "f-k"]
    for anchor in anchors:
        assert f'id="{anchor}"' in r.text
    r = coordinator.post(
        "/scrutiny/review/new",
        {
            **date_fields("period_start", PERIOD[1]),
            **date_fields("period_end", PERIOD[0]),
            "sample_size": "5",
        },
    )
    assert r.status_code == 422 and summary_links(r.text) == ["f-period-end"]
    assert "Last day of the period must be the same as or after the first day" in text(r.text)


def test_coordinator_reviews_and_releases_a_pack_and_answers_feedback(
    browser: type[Browser], world: World, session: Session, engine: Engine
) -> None:
    factory = _closed_cases(session, world)
    coordinator = browser("coordinator")
    pack_path = _draw(coordinator)
    page = coordinator.get(f"{pack_path}?notice=pack")
    body = text(page.text)
    assert "Pack drawn" in body and "4 of 4 closed cases" in body and "4 to review" in body
    assert page.text.count('<mark class="rp-removed">') >= 8
    assert "(removed a person's name (automatically))" in body
    for made in factory.made:
        for secret in made.secrets:
            assert secret not in body, secret

    r = coordinator.post(f"{pack_path}/release", {"recipients": "Scrutiny group"})
    assert r.status_code == 409 and summary_links(r.text) == ["summaries"]

    first, *rest = _summary_paths(page.text)
    summary = coordinator.get(first)
    assert "What members will read" in text(summary.text)
    removed = re.findall(
        r"<td class=\"govuk-table__cell\">([^<]+)</td>\s*<td[^>]*>Automatically", summary.text
    )
    assert any(secret in removed for made in factory.made for secret in made.secrets)
    etag = hidden(summary.text, "if_match")

    r = coordinator.post(f"{first}/redactions", {"phrase": "", "kind": "other"})
    assert r.status_code == 422 and summary_links(r.text) == ["f-phrase"]
    r = coordinator.post(f"{first}/redactions", {"phrase": "not in this text", "kind": "other"})
    assert r.status_code == 422 and summary_links(r.text) == ["f-phrase"]
    r = coordinator.post(f"{first}/redactions", {"phrase": "frightened", "kind": "other"})
    assert r.status_code == 303
    summary = coordinator.get(r.headers["location"])
    assert "frightened" not in text(summary.text.split('id="removed"')[0])
    assert "(removed text (by you or another reviewer))" in text(summary.text)

    stale = coordinator.post(f"{first}/reviewed", {"reviewed": "yes", "if_match": etag})
    assert stale.status_code == 412 and summary_links(stale.text) == ["summary-text"]
    etag = hidden(summary.text, "if_match")
    r = coordinator.post(f"{first}/withhold", {"withheld": "yes", "if_match": etag})
    assert r.status_code == 422 and summary_links(r.text) == ["f-reason"]
    r = coordinator.post(
        f"{first}/withhold",
        {"withheld": "yes", "reason": "Too distinctive a story.", "if_match": etag},
    )
    assert r.status_code == 303
    summary = coordinator.get(first)
    assert "Withheld" in text(summary.text) and "Too distinctive a story." in text(summary.text)
    r = coordinator.post(
        f"{first}/withhold", {"withheld": "no", "if_match": hidden(summary.text, "if_match")}
    )
    assert r.status_code == 303

    for path in [first, *rest]:
        page = coordinator.get(path)
        r = coordinator.post(
            f"{path}/reviewed", {"reviewed": "yes", "if_match": hidden(page.text, "if_match")}
        )
        assert r.status_code == 303
    assert r.headers["location"] == f"{pack_path}?notice=all-reviewed#release"

    r = coordinator.post(f"{pack_path}/release", {"recipients": "  \n "})
    assert r.status_code == 422 and summary_links(r.text) == ["f-recipients"]
    r = coordinator.post(f"{pack_path}/release", {"recipients": "Scrutiny group\nChief Inspector"})
    assert r.status_code == 303
    released = text(coordinator.get(r.headers["location"]).text)
    assert "Pack released" in released and "Chief Inspector, Scrutiny group" in released
    assert "Download the pack as released (PDF)" in released and "Figures" in released
    assert coordinator.post(f"{first}/redactions", {"phrase": "abuse"}).status_code == 409

    pack_id = int(pack_path.rsplit("/", 1)[1])
    with Session(engine) as check:
        pack = check.get(ScrutinyPack, pack_id)
        assert pack is not None and pack.status == "released"
        actions = {
            (e.action, e.subject_type)
            for e in check.exec(
                select(AuditEvent).where(col(AuditEvent.subject_type).like("scrutiny%"))
            )
        }
    assert ("alteration", "scrutiny_summary") in actions
    assert ("disclosure", "scrutiny_pack") in actions

    member = browser("scrutiny")
    assert "Scrutiny group" not in member.get("/scrutiny").text
    member_page = member.get(f"/scrutiny/packs/{pack_id}")
    summary_id = int(member_page.text.split('id="summary-')[1].split('"')[0])
    r = member.post(
        f"/scrutiny/packs/{pack_id}/summaries/{summary_id}/feedback",
        {"rating": "red", "comment": "The support referral came too late."},
    )
    assert r.status_code == 303

    feedback = coordinator.get("/scrutiny/review/feedback")
    assert "The support referral came too late." in text(feedback.text)
    assert "1 waiting for an answer" in text(coordinator.get("/scrutiny/review").text)
    feedback_id = re.findall(r'action="/scrutiny/review/feedback/(\d+)/response"', feedback.text)[0]
    url = f"/scrutiny/review/feedback/{feedback_id}/response"
    r = coordinator.post(url, {f"response-{feedback_id}": " "})
    assert r.status_code == 422 and summary_links(r.text) == [f"f-response-{feedback_id}"]
    r = coordinator.post(url, {f"response-{feedback_id}": "Agreed: we now refer within two days."})
    assert r.status_code == 303
    again = coordinator.post(url, {f"response-{feedback_id}": "Twice"})
    assert again.status_code == 409 and summary_links(again.text) == [f"feedback-{feedback_id}"]
    assert "No feedback is waiting" in text(coordinator.get("/scrutiny/review/feedback").text)
    answer = text(member.get(f"/scrutiny/packs/{pack_id}").text)
    assert "Panel's answer: Agreed: we now refer within two days." in answer


def test_the_chair_may_look_and_nobody_else_may_see_the_review_pages(
    browser: type[Browser], world: World, session: Session
) -> None:
    _closed_cases(session, world, n=3)
    coordinator = browser("coordinator")
    pack_path = _draw(coordinator, size=3)
    first = _summary_paths(coordinator.get(pack_path).text)[0]
    chair = browser("chair")
    page = chair.get(pack_path)
    assert page.status_code == 200 and "Release the pack" not in text(page.text)
    summary = chair.get(first)
    assert summary.status_code == 200 and "Mark as reviewed" not in text(summary.text)
    assert chair.get("/scrutiny/review/new").status_code == 403
    assert chair.post(f"{first}/reviewed", {"reviewed": "yes"}).status_code == 403
    assert chair.post(f"{pack_path}/release", {"recipients": "x"}).status_code == 403
    for actor in ("scrutiny", "police_officer", "auditor", "admin"):
        other = browser(actor)
        for path in ("/scrutiny/review", pack_path, first, "/scrutiny/review/feedback"):
            assert other.get(path).status_code == 403, (actor, path)
    member = browser("scrutiny")
    assert member.get(pack_path.replace("/review", "")).status_code == 404  # a draft
    r = coordinator.client.post(f"{pack_path}/discard", data={}, follow_redirects=False)
    assert r.status_code == 403  # no CSRF token
    r = coordinator.post(f"{pack_path}/discard")
    assert r.status_code == 303 and "Draft pack discarded" in text(
        coordinator.get(r.headers["location"]).text
    )
    assert coordinator.get(pack_path).status_code == 404
