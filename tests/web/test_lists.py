"""The lists people work with (cases, referrals, actions), the dashboard's counts, an
agency's home and the auditor's search, over HTTP as a browser would use them."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.kit.paging import ListQuery, Page, PageRequest
from riskpanel.models import (
    Action,
    AuditEvent,
    Case,
    CasePerson,
    Meeting,
    Person,
    Referral,
    ResearchRequest,
    Timer,
)
from tests.fixtures import World
from tests.statements import statements_sent
from tests.web.helpers import Browser, text

TODAY = date.today


def now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Made:
    id: int
    reference: str
    referral_id: int
    name: str


def make_cases(
    engine: Engine,
    world: World,
    names: list[str],
    *,
    referrer: str = "police",
    state: str = "accepted",
    risk: str = "high",
    closed: bool = False,
) -> list[Made]:
    """Cases with a victim and a referral each, the first in ``names`` referred longest ago
    (one day apart), in one transaction so a page's worth is quick to make."""
    made = []
    tag = uuid.uuid4().hex[:6].upper()
    with Session(engine, expire_on_commit=False) as session:
        for i, name in enumerate(names):
            given, family = name.split(" ", 1)
            person = Person(given_name=given, family_name=family)
            session.add(person)
            session.flush()
            at = now() - timedelta(days=len(names) - i)
            case = Case(
                reference=f"HC-L{tag}-{i:03d}",
                panel_id=world.panel.id or 0,
                victim_person_id=person.id,
                state="closed" if closed else state,
                workflow_name="hate_crime_panel",
                workflow_version=1,
                route="high_risk",
                risk_level=risk,
                opened_at=at,
                last_referral_at=at,
                closed_at=now() if closed else None,
            )
            session.add(case)
            session.flush()
            referral = Referral(
                reference=f"R-L{tag}-{i:03d}",
                panel_id=world.panel.id or 0,
                case_id=case.id,
                referring_agency_id=world.agencies[referrer].id,
                victim_person_id=person.id or 0,
                status="accepted",
                received_at=at,
            )
            session.add(referral)
            session.add(CasePerson(case_id=case.id, person_id=person.id, role="victim"))
            session.flush()
            made.append(Made(case.id or 0, case.reference, referral.id or 0, name))
        session.commit()
    return made


def add_action(engine: Engine, world: World, case_id: int, agency: str, due_in: int) -> str:
    with Session(engine) as session:
        action = Action(
            reference=f"A-L-{uuid.uuid4().hex[:8].upper()}",
            case_id=case_id,
            agency_id=world.agencies[agency].id or 0,
            description=f"Action due in {due_in} days",
            due_on=TODAY() + timedelta(days=due_in),
        )
        session.add(action)
        session.commit()
        return action.reference


def rows(html: str) -> list[str]:
    """The text of each body row of the page's table (a page, never an error)."""
    assert "<h1" in html, html[:300]
    body = html.split('<tbody class="govuk-table__body">', 1)[-1].split("</tbody>", 1)[0]
    return [text(r) for r in body.split('<tr class="govuk-table__row">')[1:]]


def last_list_audit(engine: Engine, subject: str) -> AuditEvent:
    with Session(engine) as session:
        query = select(AuditEvent).where(AuditEvent.subject_type == subject)
        found = session.exec(query.order_by(col(AuditEvent.id).desc())).first()
        assert found is not None
        return found


Open = Callable[[str], Browser]


def test_case_list_pages_newest_first_and_finds_a_victim_by_name(
    browser: Open, world: World, engine: Engine
) -> None:
    made = make_cases(engine, world, [f"Victim{i:02d} Surname{i:02d}" for i in range(52)])
    coordinator = browser("coordinator")
    page = coordinator.get("/cases")
    assert page.status_code == 200
    listed = rows(page.text)
    assert len(listed) == 50
    assert made[-1].reference in listed[0] and "Victim51 Surname51" in listed[0]
    assert "1 to 50 of 52 cases" in text(page.text)
    assert 'href="/cases?page=2"' in page.text and 'aria-current="page"' in page.text
    second = rows(coordinator.get("/cases?page=2").text)
    assert [made[1].reference in second[0], made[0].reference in second[1]] == [True, True]
    assert len(rows(coordinator.get("/cases?page=99").text)) == 2  # past the end: the last

    found = coordinator.get("/cases?q=victim07+surname07")
    assert [r.split()[0] for r in rows(found.text)] == [made[7].reference]
    event = last_list_audit(engine, "case_list")
    assert event.detail["search"] == "reference_or_victim_name"
    assert event.detail["case_ids"] == [made[7].id] and "victim_name" in event.fields
    assert "surname07" not in str(event.detail).lower()  # the words searched are not kept
    # across the gap between given and family name, from the middle of each (the index
    # answers the longest word; the whole "given family" text is still what must match)
    across = coordinator.get("/cases?q=tim07+surn")
    assert [r.split()[0] for r in rows(across.text)] == [made[7].reference]
    assert rows(coordinator.get("/cases?q=victim07+surname08").text) == []
    by_ref = coordinator.get(f"/cases?q={made[3].reference.lower()}")
    assert [r.split()[0] for r in rows(by_ref.text)] == [made[3].reference]
    none = coordinator.get("/cases?q=100%25")
    assert "No cases match your search" in text(none.text)


def test_case_filters_by_state_risk_agency_and_overdue(
    browser: Open, world: World, engine: Engine
) -> None:
    police = make_cases(engine, world, ["Ada Lovell", "Bea Marsh"], risk="medium")
    housing = make_cases(engine, world, ["Cy Norris"], referrer="housing", state="listed")
    add_action(engine, world, police[0].id, "housing", due_in=-3)  # overdue, and involves
    add_action(engine, world, police[1].id, "police", due_in=5)
    coordinator = browser("coordinator")

    def refs(query: str) -> set[str]:
        return {r.split()[0] for r in rows(coordinator.get(f"/cases?{query}").text)}

    assert refs("state=listed") == {housing[0].reference}
    assert refs("risk=medium") == {police[0].reference, police[1].reference}
    agency = world.agencies["housing"].id
    assert refs(f"agency={agency}") == {police[0].reference, housing[0].reference}
    assert refs("overdue=yes") == {police[0].reference}
    linked = coordinator.get(f"/cases?risk=medium&agency={agency}")
    assert [r.split()[0] for r in rows(linked.text)] == [police[0].reference]


def test_an_agency_finds_names_only_on_cases_it_may_see(
    browser: Open, world: World, engine: Engine
) -> None:
    own = make_cases(engine, world, ["Dana Quill"])
    other = make_cases(engine, world, ["Dana Rook"], referrer="housing")
    police = browser("police_officer")
    found = rows(police.get("/cases?q=dana").text)
    assert [r.split()[0] for r in found] == [own[0].reference] and "Dana Quill" in found[0]
    assert rows(police.get("/cases?q=rook").text) == []
    assert rows(police.get(f"/cases?q={other[0].reference}").text) == []
    assert rows(police.get("/referrals?q=rook").text) == []
    mine = rows(police.get("/referrals?q=dana").text)  # its own referral, by name
    assert len(mine) == 1 and "Dana Quill" in mine[0]
    outsider = browser("outsider_officer").get("/cases?q=dana")
    assert "Quill" not in outsider.text and "No cases match" in text(outsider.text)


def test_referral_list_newest_first_with_status_and_name_search(
    browser: Open, world: World, engine: Engine
) -> None:
    made = make_cases(engine, world, ["Eve Stone", "Fay Tull", "Gil Upton"])
    with Session(engine) as session:
        waiting = session.get_one(Referral, made[0].referral_id)
        waiting.status = "received"
        session.add(waiting)
        session.commit()
    coordinator = browser("coordinator")
    listed = rows(coordinator.get("/referrals").text)
    assert [made[2].name in listed[0], made[0].name in listed[-1]] == [True, True]
    received = rows(coordinator.get("/referrals?state=received").text)
    assert len(received) == 1 and "Eve Stone" in received[0]
    assert len(rows(coordinator.get("/referrals?q=fay+tull").text)) == 1
    assert last_list_audit(engine, "referral_list").detail["search"] == ("reference_or_victim_name")


def test_actions_soonest_due_first_open_by_default_and_overdue(
    browser: Open, world: World, engine: Engine
) -> None:
    case = make_cases(engine, world, ["Hal Vane"])[0]
    later = add_action(engine, world, case.id, "police", due_in=9)
    late = add_action(engine, world, case.id, "police", due_in=-2)
    done = add_action(engine, world, case.id, "housing", due_in=1)
    with Session(engine) as session:
        row = session.exec(select(Action).where(Action.reference == done)).one()
        row.progress = "completed"
        session.add(row)
        session.commit()
    coordinator = browser("coordinator")
    listed = [r.split()[0] for r in rows(coordinator.get("/actions").text)]
    assert listed == [late, later]
    assert [r.split()[0] for r in rows(coordinator.get("/actions?state=all").text)] == [
        late,
        done,
        later,
    ]
    overdue = rows(coordinator.get("/actions?state=open&overdue=yes").text)
    assert [r.split()[0] for r in overdue] == [late] and "Overdue" in overdue[0]
    assert [r.split()[0] for r in rows(coordinator.get("/actions?q=hal+vane").text)] == [
        late,
        later,
    ]
    agency = [r.split()[0] for r in rows(browser("police_officer").get("/actions").text)]
    assert agency == [late, later]


def _missed_key_update(engine: Engine, made: Made) -> None:
    """A key update to the victim that fell due at the end of a day three days ago."""
    day = TODAY() - timedelta(days=3)
    due = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)
    with Session(engine) as session:
        referral = session.get_one(Referral, made.referral_id)
        referral.victims_code = {
            "applies": True,
            "reported_at": (due - timedelta(days=5)).isoformat(),
            "key_update_due_at": due.isoformat(),
        }
        session.add(referral)
        timer = Timer(kind="key_update_due", subject_type="referral", subject_id=made.referral_id)
        timer.case_id, timer.due_at = made.id, due
        session.add(timer)
        session.commit()


def test_dashboard_counts_open_cases_only_and_links_each_count(
    browser: Open, world: World, engine: Engine
) -> None:
    open_case = make_cases(engine, world, ["Ian West"])[0]
    closed_case = make_cases(engine, world, ["Jo Xavier"], closed=True)[0]
    for made in (open_case, closed_case):
        _missed_key_update(engine, made)
        add_action(engine, world, made.id, "police", due_in=-1)
    page = browser("coordinator").get("/dashboard")
    body = text(page.text)
    assert "Victims' Code deadlines missed (1)" in body
    assert open_case.reference in body and closed_case.reference not in body
    assert "00:00" not in body and "end of " in body
    assert 'href="/referrals?overdue=yes"' in page.text
    assert 'href="/actions?state=open&amp;overdue=yes"' in page.text
    assert 'href="/referrals?state=received"' in page.text
    listed = rows(browser("coordinator").get("/referrals?overdue=yes").text)
    assert len(listed) == 1 and open_case.name in listed[0]


def test_agency_home_shows_research_due_actions_and_cases(
    browser: Open, world: World, engine: Engine
) -> None:
    case = make_cases(engine, world, ["Kay Young"], state="listed")[0]
    action = add_action(engine, world, case.id, "police", due_in=4)
    starts = now() + timedelta(days=6)
    with Session(engine) as session:
        meeting = Meeting(panel_id=world.panel.id or 0, starts_at=starts, referral_cutoff_at=starts)
        session.add(meeting)
        session.flush()
        session.add(
            ResearchRequest(
                case_id=case.id,
                meeting_id=meeting.id or 0,
                agency_id=world.agencies["police"].id or 0,
                due_at=starts - timedelta(days=2),
            )
        )
        session.commit()
    police = browser("police_officer")
    home = police.client.get("/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/agency"
    page = text(police.get("/agency").text)
    assert f"Send research for {case.reference}" in page and "Due by" in page
    assert action in page and "Kay Young" in page
    form = text(police.get(f"/cases/{case.id}/research").text)
    assert f"Case {case.reference}" in form and "Kay Young" in form and "Due by" in form


def test_auditor_searches_by_reference_email_and_agency_and_reads_names(
    browser: Open, world: World, engine: Engine
) -> None:
    case = make_cases(engine, world, ["Lee Zeal"])[0]
    browser("police_officer").get(f"/cases/{case.id}")
    auditor = browser("auditor")
    page = auditor.get(f"/audit?case={case.reference.lower()}")
    assert page.status_code == 200
    found = rows(page.text)
    assert found and all(case.reference in r for r in found)
    assert any("Police Officer (police_officer@example.org)" in r for r in found)
    assert "Test Police" in found[0]
    by_email = rows(auditor.get("/audit?email=Police_Officer@example.org").text)
    assert by_email and all("police_officer@example.org" in r for r in by_email)
    agency = world.agencies["police"].id
    assert all("Test Police" in r for r in rows(auditor.get(f"/audit?agency={agency}").text))
    missing = auditor.get("/audit?case=HC-NOPE&email=nobody@example.org")
    assert missing.status_code == 422
    assert re.search(r'href="#f-case"', missing.text) and 'href="#f-email"' in missing.text
    assert "No case has this reference" in text(missing.text)


def test_a_strange_page_number_shows_a_page(browser: Open, world: World, engine: Engine) -> None:
    make_cases(engine, world, ["Max Able"])
    coordinator = browser("coordinator")
    for raw in ("abc", "-1", "0", "99999999999", "%C2%B2"):
        assert "Max Able" in coordinator.get(f"/cases?page={raw}").text, raw


def test_page_links_keep_the_first_last_and_neighbours() -> None:
    page = Page(items=[1], number=6, size=50, total=1000)
    assert page.pages == 20 and page.numbers() == [1, None, 5, 6, 7, None, 20]
    assert Page(items=[], number=1, size=50, total=0).numbers() == [1]
    query = ListQuery.parse({"q": "  Amara   Okafor ", "agency": "x", "overdue": "yes"})
    assert query.link(page=2) == "q=Amara+Okafor&overdue=yes&page=2"
    assert PageRequest.parse("3").offset == 100 and PageRequest.parse("²").number == 1


def test_a_search_counts_and_pages_its_matches_in_one_statement(
    browser: Open, world: World, engine: Engine
) -> None:
    """The search's matching ids are asked once per page, the count beside the rows; the
    counts, the pages and the last page for a page past the end are those of any list."""
    from sqlalchemy import Engine as AnyEngine

    made = make_cases(engine, world, [f"Given{i:02d} Countme{i:02d}" for i in range(52)])
    coordinator = browser("coordinator")
    with statements_sent(AnyEngine) as sent:
        first = coordinator.get("/cases?q=countme")
    searches = [s for s in sent if "ILIKE" in s.upper() or "LIKE" in s.upper()]
    assert len(searches) == 1 and "OVER" in searches[0].upper()
    assert "1 to 50 of 52 cases found" in text(first.text)
    assert made[-1].reference in rows(first.text)[0]
    second = coordinator.get("/cases?q=countme&page=2")
    assert "51 to 52 of 52 cases found" in text(second.text)
    assert [r.split()[0] for r in rows(second.text)] == [made[1].reference, made[0].reference]
    past = coordinator.get("/cases?q=countme&page=9")  # past the end: the last page
    assert "51 to 52 of 52 cases found" in text(past.text) and len(rows(past.text)) == 2
    assert "No cases match your search" in text(coordinator.get("/cases?q=nomatch").text)


def _dashboard_statements(coordinator: Browser) -> tuple[str, list[str]]:
    from sqlalchemy import Engine as AnyEngine

    with statements_sent(AnyEngine) as sent:
        page = coordinator.get("/dashboard")
    return page.text, sent


def test_dashboard_shows_the_next_meetings_at_a_cost_that_ignores_the_past_ones(
    browser: Open, world: World, engine: Engine
) -> None:
    """The five upcoming meetings first planned (the meeting list's order), none past;
    the log names the meetings shown; the statements sent do not grow with the meetings."""
    coordinator = browser("coordinator")
    coordinator.get("/dashboard")  # warm: the first request's one-off reads are not counted
    _, before = _dashboard_statements(coordinator)
    starts = now().replace(microsecond=0)
    venues = {}
    with Session(engine, expire_on_commit=False) as session:
        for n, days in enumerate([-30, 20, -10, 3, 40, 9, 12, 60, -1, 5]):
            at = starts + timedelta(days=days)
            meeting = Meeting(
                panel_id=world.panel.id or 0, starts_at=at, referral_cutoff_at=at, venue=f"Room {n}"
            )
            session.add(meeting)
            session.flush()
            venues[n] = meeting.id
        session.commit()
    html, after = _dashboard_statements(coordinator)
    shown = [int(i) for i in re.findall(r'href="/meetings/(\d+)"', html)]
    assert shown == [venues[n] for n in (1, 3, 4, 5, 6)]
    body = text(html)
    assert "Room 1" in body and "Room 7" not in body and "Room 0" not in body
    assert last_list_audit(engine, "meeting_list").detail["meeting_ids"] == shown
    assert len(after) == len(before)
