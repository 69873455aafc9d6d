"""Subject access on the web: find the person, confirm who it is, download the draft
response (PDF or JSON), third parties redacted; each step logged; a coordinator reaches only
the people their panel holds."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import urlencode

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import AuditEvent, Case, Person
from tests.fixtures import World
from tests.security import builders
from tests.web.helpers import Browser, summary_links, text


@pytest.fixture
def haddad(session: Session, world: World) -> tuple[Person, Case, Person]:
    """A victim in the world's panel (a perpetrator named in her case), and a namesake held
    only by another panel."""
    victim = builders.make_person(
        session, given_name="Amira", family_name="Haddad", date_of_birth=date(1988, 2, 14)
    )
    perpetrator = builders.make_person(session, given_name="Gary", family_name="Pollard")
    case = builders.make_case(
        session,
        panel_id=world.panel.id or 0,
        referring_agency_id=world.agencies["police"].id,
        victim=victim,
        narrative="Amira Haddad was shouted at by Gary Pollard outside her flat.",
    )
    builders.add_party(session, case, perpetrator, "perpetrator")
    namesake = builders.make_person(session, given_name="Sami", family_name="Haddad")
    elsewhere = builders.other_panel(session, world.agencies["outsider"])
    builders.make_case(
        session,
        panel_id=elsewhere.id or 0,
        referring_agency_id=world.agencies["outsider"].id,
        victim=namesake,
    )
    session.commit()
    return victim, case, namesake


def _search(person: Browser, **fields: str) -> str:
    page = person.get("/subject-access?" + urlencode(fields))
    assert page.status_code == 200, text(page.text)
    return page.text


def test_a_coordinator_finds_the_person_and_downloads_the_response(
    browser: type[Browser], world: World, engine: Engine, haddad: tuple[Person, Case, Person]
) -> None:
    victim, case, namesake = haddad
    coordinator = browser("coordinator")
    found = _search(coordinator, family_name="haddad")
    assert f'href="/subject-access/people/{victim.id}"' in found
    assert f"/subject-access/people/{namesake.id}" not in found  # another panel's person
    assert coordinator.get(f"/subject-access/people/{namesake.id}").status_code == 404

    page = coordinator.get(f"/subject-access/people/{victim.id}")
    assert page.status_code == 200 and case.reference in text(page.text)
    assert "14 February 1988" in text(page.text)
    path = f"/subject-access/people/{victim.id}"
    unchosen = coordinator.post(path, {})
    assert unchosen.status_code == 422 and summary_links(unchosen.text) == ["f-format"]
    assert "Select the format of the response" in text(unchosen.text)

    got = coordinator.post(path, {"format": "json"})
    assert got.status_code == 200 and got.headers["content-type"] == "application/json"
    assert got.headers["content-disposition"].startswith("attachment; filename=")
    report = json.loads(got.text)
    assert report["status"] == "draft_for_review" and report["person"]["family_name"] == "Haddad"
    narrative = report["cases"][0]["referrals"][0]["narrative"]
    assert "[perpetrator]" in narrative and "Pollard" not in narrative
    pdf = coordinator.post(path, {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        coordinator.post(f"/subject-access/people/{namesake.id}", {"format": "json"}).status_code
        == 404
    )

    with Session(engine) as session:
        events = session.exec(
            select(AuditEvent).where(col(AuditEvent.purpose) == "subject_access")
        ).all()
    assert all(e.actor_user_id == world.users["coordinator"].id for e in events)
    disclosed = [e for e in events if e.action == "disclosure"]
    assert [e.person_id for e in disclosed] == [victim.id, victim.id]
    searches = [e for e in events if e.subject_type == "person" and e.subject_id is None]
    assert searches and searches[0].detail["found"] == [victim.id]


def test_the_auditor_finds_anyone_and_the_search_names_its_wrong_fields(
    browser: type[Browser], world: World, haddad: tuple[Person, Case, Person]
) -> None:
    victim, _, namesake = haddad
    auditor = browser("auditor")
    found = _search(auditor, family_name="Haddad", given_name="sami")
    assert f"/subject-access/people/{namesake.id}" in found and f"/people/{victim.id}" not in found
    refused = auditor.get(
        "/subject-access?"
        + urlencode({"family_name": "", "date_of_birth.day": "31", "date_of_birth.month": "2"})
    )
    assert refused.status_code == 422
    assert summary_links(refused.text) == ["f-family-name", "f-date-of-birth"]
    assert "Enter the person&#39;s family name" in refused.text or "Enter the person's" in text(
        refused.text
    )


def test_other_roles_cannot_prepare_a_response(
    browser: type[Browser], world: World, haddad: tuple[Person, Case, Person]
) -> None:
    victim = haddad[0]
    for actor in ("chair", "police_officer", "admin", "scrutiny"):
        person = browser(actor)
        assert person.get("/subject-access").status_code == 403, actor
        refused = person.post(f"/subject-access/people/{victim.id}", {"format": "json"})
        assert refused.status_code == 403 and "Haddad" not in refused.text, actor
