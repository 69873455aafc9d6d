"""The proposal is bounded per section (issue 20): the most pressing cases of each section up
to the limit, each section's total, the page saying how many follow at later meetings, and
"Use the proposed agenda" applying what the page showed. The limit is 2 here (the setting),
so a handful of cases per section stands for a panel with hundreds waiting."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.config import Settings
from riskpanel.models import AgendaItem, AuditEvent
from tests.fixtures import World
from tests.meetings.factories import MadeCase, create_meeting, make_action, make_case
from tests.web.helpers import Browser, hidden, text
from tests.web.journeys import plan_meeting

API = "/api/v1/meetings"
LIMIT = 2


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"agenda_proposal_section_limit": LIMIT})


def _proposal(client: TestClient, world: World, meeting_id: int, query: str = "") -> Any:
    r = client.get(
        f"{API}/{meeting_id}/agenda/proposal{query}", headers=world.headers("coordinator")
    )
    assert r.status_code == 200, r.text
    return r.json()


def _waiting(engine: Engine, world: World) -> dict[str, list[MadeCase]]:
    """Three cases per section, each list from the most to the least pressing."""
    e, w = engine, world
    return {
        "new_case": [
            make_case(e, w, risk="standard", children=True, referred_days_ago=12),
            make_case(e, w, risk="high", referred_days_ago=40),
            make_case(e, w, risk="high", referred_days_ago=20),
        ],
        "repeat_case": [
            make_case(e, w, risk="medium", route="repeat", children=True, referred_days_ago=15),
            make_case(e, w, risk="medium", route="repeat", referred_days_ago=25),
            make_case(e, w, risk="standard", route="repeat", referred_days_ago=60),
        ],
        "review": [
            make_case(e, w, state="actions_open", last_heard_days_ago=d) for d in (200, 100, 50)
        ],
        "twelve_month_notice": [
            make_case(e, w, state="monitoring", last_heard_days_ago=d) for d in (600, 500, 400)
        ],
    }


def test_each_section_holds_its_most_pressing_cases_and_counts_the_rest(
    client: TestClient, world: World, engine: Engine, session: Session
) -> None:
    waiting = _waiting(engine, world)
    meeting = create_meeting(client, world, days_ahead=5)
    proposal = _proposal(client, world, meeting["id"])
    assert proposal["limit"] == LIMIT
    by_section: dict[str, list[int]] = {}
    for item in proposal["items"]:
        by_section.setdefault(item["section"], []).append(item["case_id"])
    assert by_section == {s: [c.id for c in cases[:LIMIT]] for s, cases in waiting.items()}
    assert proposal["sections"] == [{"section": s, "proposed": LIMIT, "total": 3} for s in waiting]
    new, repeat = waiting["new_case"], waiting["repeat_case"]
    hearing = [i["case_id"] for i in proposal["items"][: 2 * LIMIT]]
    # children first (risk, then the oldest referral, within each), across both sections
    assert hearing == [repeat[0].id, new[0].id, new[1].id, repeat[1].id]
    assert proposal["expected_length_minutes"] == 10 + 6 * 15 + 2 * 2
    audit = session.exec(
        select(AuditEvent)
        .where(AuditEvent.subject_type == "meeting_agenda_proposal")
        .order_by(col(AuditEvent.id).desc())
    ).first()
    assert audit is not None
    assert audit.detail["case_ids"] == sorted(i["case_id"] for i in proposal["items"])
    shown = {c.id for cases in waiting.values() for c in cases[:LIMIT]}
    assert set(audit.detail["case_ids"]) == shown


def test_the_limit_parameter_bounds_the_proposal_and_refuses_0_and_501(
    client: TestClient, world: World, engine: Engine
) -> None:
    waiting = _waiting(engine, world)
    meeting = create_meeting(client, world, days_ahead=5)
    whole = _proposal(client, world, meeting["id"], "?limit=3")
    assert whole["limit"] == 3 and len(whole["items"]) == 12
    assert [s["proposed"] for s in whole["sections"]] == [3, 3, 3, 3]
    one = _proposal(client, world, meeting["id"], "?limit=1")
    assert [i["case_id"] for i in one["items"]] == [
        waiting["repeat_case"][0].id,
        waiting["new_case"][0].id,
        waiting["review"][0].id,
        waiting["twelve_month_notice"][0].id,
    ]
    for bad in ("0", "501", "many"):
        r = client.get(
            f"{API}/{meeting['id']}/agenda/proposal?limit={bad}",
            headers=world.headers("coordinator"),
        )
        assert r.status_code == 422, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert [e["field"] for e in r.json()["errors"]] == ["query.limit"]
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/meetings/{meeting_id}/agenda/proposal"]["get"]
    (limit,) = [p for p in operation["parameters"] if p["name"] == "limit"]
    assert limit["in"] == "query" and "most pressing" in limit["description"]


def test_reviews_are_chosen_in_the_database_by_state_due_action_or_time(
    client: TestClient, world: World, engine: Engine
) -> None:
    last = create_meeting(client, world, days_ahead=1)
    under_review = make_case(engine, world, state="review", last_heard_days_ago=10)
    action_due = make_case(engine, world, state="actions_open", last_heard_days_ago=12)
    make_action(
        engine, world, case_id=action_due.id, meeting_id=last["id"], agency="police", due_in_days=2
    )
    not_yet = make_case(engine, world, state="actions_open", last_heard_days_ago=11)
    make_action(
        engine, world, case_id=not_yet.id, meeting_id=last["id"], agency="police", due_in_days=60
    )
    booked = make_case(engine, world, state="actions_open", last_heard_days_ago=300)
    later = create_meeting(client, world, days_ahead=20)
    with Session(engine) as s:
        s.add(
            AgendaItem(
                meeting_id=later["id"],
                section="review",
                case_id=booked.id,
                position=1,
                slot_minutes=15,
                title="booked",
            )
        )
        s.commit()
    meeting = create_meeting(client, world, days_ahead=5)
    proposal = _proposal(client, world, meeting["id"], "?limit=10")
    reviews = {i["case_id"]: i["reason"] for i in proposal["items"] if i["section"] == "review"}
    assert reviews == {
        action_due.id: "1 action(s) due by the meeting",
        under_review.id: "under review",
    }
    assert [i["case_id"] for i in proposal["items"] if i["section"] == "review"] == [
        action_due.id,
        under_review.id,
    ]  # the longest since its hearing first
    assert proposal["sections"][2] == {"section": "review", "proposed": 2, "total": 2}


def test_cases_past_the_cutoff_are_bounded_too(
    client: TestClient, world: World, engine: Engine, browser: type[Browser]
) -> None:
    late = [
        make_case(engine, world, risk=r, referred_days_ago=2)
        for r in ("high", "medium", "standard")
    ]
    meeting = create_meeting(client, world, days_ahead=5)
    proposal = _proposal(client, world, meeting["id"])
    assert [d["case_id"] for d in proposal["deferred"]] == [late[0].id, late[1].id]
    assert proposal["deferred_total"] == 3 and proposal["items"] == []
    page = text(browser("coordinator").get(f"/meetings/{meeting['id']}").text)
    assert "The 2 most pressing of 3 cases referred after the cut-off are shown." in page


def _shown(html: str) -> list[str]:
    return re.findall(r'name="proposed" value="([^"]*)"', html)


def test_the_page_says_how_many_follow_and_uses_what_it_showed(
    browser: type[Browser], world: World, engine: Engine, session: Session
) -> None:
    waiting = _waiting(engine, world)
    coordinator = browser("coordinator")
    meeting_id = plan_meeting(coordinator)
    path = f"/meetings/{meeting_id}"
    html = coordinator.get(path).text
    page = text(html)
    for words in (
        "2 of 3 new cases are proposed; the rest follow at later meetings.",
        "2 of 3 repeat cases are proposed",
        "2 of 3 cases due for review are proposed",
        "2 of 3 cases 12 months past their last hearing are proposed",
        "Use the proposed agenda (8 items)",
    ):
        assert words in page
    assert waiting["review"][2].reference not in page  # the least pressing is not shown
    shown = _shown(html)
    assert len(shown) == 8
    # a more pressing case arrives after the page was read: the button applies what it showed
    arrived = make_case(engine, world, risk="high", children=True, referred_days_ago=30)
    r = coordinator.post(
        f"{path}/agenda",
        {
            "op": "use_proposal",
            "if_match": hidden(html, "if_match"),
            "proposal_size": "8",
            "proposed": shown,
        },
    )
    assert r.status_code == 303, text(r.text)
    items = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)).all()
    on_agenda = {(i.section, i.case_id) for i in items}
    expected = {(s, c.id) for s, cases in waiting.items() for c in cases[:LIMIT]}
    assert on_agenda == expected and arrived.id not in {c for _, c in on_agenda}
    # the rest is added by its reference
    html = coordinator.get(path).text
    assert arrived.reference in text(html)  # now proposed, as the most pressing new case
    left_out = waiting["review"][2]
    r = coordinator.post(
        f"{path}/agenda",
        {
            "op": "add_reference",
            "case_reference": f" {left_out.reference.lower()} ",
            "if_match": hidden(html, "if_match"),
        },
    )
    assert r.status_code == 303, text(r.text)
    session.rollback()  # a fresh snapshot: the page's write came after this session's read
    added = session.exec(
        select(AgendaItem).where(
            AgendaItem.meeting_id == meeting_id, AgendaItem.case_id == left_out.id
        )
    ).one()
    assert added.section == "review" and added.slot_minutes == 15


def test_adding_an_unknown_or_closed_reference_says_why(
    browser: type[Browser], world: World, engine: Engine
) -> None:
    closed = make_case(engine, world, state="closed")
    coordinator = browser("coordinator")
    meeting_id = plan_meeting(coordinator)
    path = f"/meetings/{meeting_id}"
    for reference, message in (
        ("HC-NO-SUCH", "Enter the reference of a case of this panel"),
        (closed.reference, f"{closed.reference} is closed: only cases waiting to be heard"),
    ):
        html = coordinator.get(path).text
        r = coordinator.post(
            f"{path}/agenda",
            {
                "op": "add_reference",
                "case_reference": reference,
                "if_match": hidden(html, "if_match"),
            },
        )
        assert r.status_code == 422, text(r.text)
        assert message in text(r.text)
        assert 'href="#f-case-reference"' in r.text  # the summary links to the input
        assert f'value="{reference}"' in r.text  # what was typed is kept


def test_a_case_without_a_route_is_proposed_as_a_new_case(
    client: TestClient, world: World, engine: Engine
) -> None:
    no_route = make_case(engine, world, route=None)  # type: ignore[arg-type]
    heard_before = make_case(engine, world, route=None, last_heard_days_ago=90)  # type: ignore[arg-type]
    meeting = create_meeting(client, world, days_ahead=5)
    proposal = _proposal(client, world, meeting["id"])
    sections = {i["case_id"]: i["section"] for i in proposal["items"]}
    assert sections == {no_route.id: "new_case", heard_before.id: "repeat_case"}
