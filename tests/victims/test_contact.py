"""Correcting the victim's contact details and consent after intake, by API and on the web."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import AuditEvent, Case, Person
from tests.fixtures import World
from tests.meetings.factories import make_case
from tests.referrals.helpers import fields_of
from tests.web.helpers import Browser, hidden, summary_links, text

BODY: dict[str, Any] = {
    "phone": "07700 900456",
    "email": "j.hughes@example.org",
    "address_line": "3 Canal Row",
    "postcode": "ts2 1ab",
    "safe_to_contact": False,
    "preferences": {"method": "via_advocate", "times": "weekday mornings"},
    "consent_status": "given",
    "consent_scope": "Panel agencies only.",
    "lawful_basis": "consent",
}


def _person(engine: Engine, case_id: int) -> Person:
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        person = session.get(Person, case.victim_person_id)
        assert person is not None
        return person


def _alterations(engine: Engine, case_id: int) -> list[str]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(AuditEvent.action).where(
                    col(AuditEvent.subject_type) == "person",
                    col(AuditEvent.case_id) == case_id,
                    col(AuditEvent.action) == "alteration",
                )
            ).all()
        )


def test_api_replaces_the_record_with_if_match(
    client: TestClient, world: World, engine: Engine
) -> None:
    made = make_case(engine, world, state="accepted")
    url = f"/api/v1/cases/{made.id}/victim-contact"
    current = client.get(url, headers=world.headers("coordinator"))
    assert current.status_code == 200 and current.json()["etag"] == current.headers["ETag"]
    assert client.put(url, json=BODY, headers=world.headers("coordinator")).status_code == 428
    fresh = world.headers("coordinator", **{"If-Match": current.headers["ETag"]})
    ok = client.put(url, json=BODY, headers=fresh)
    assert ok.status_code == 200, ok.text
    assert ok.json()["postcode"] == "TS2 1AB" and ok.json()["next_step"] is None
    person = _person(engine, made.id)
    assert person.safe_to_contact is False and person.contact_preferences["times"]
    assert person.consent_status == "given" and person.lawful_basis == "consent"
    assert _alterations(engine, made.id) == ["alteration"]
    stale = client.put(url, json={**BODY, "phone": "07700 900789"}, headers=fresh)
    assert stale.status_code == 412
    assert _person(engine, made.id).phone == "07700 900456"


def test_api_names_the_field_and_refuses_other_roles(
    client: TestClient, world: World, engine: Engine
) -> None:
    made = make_case(engine, world, state="accepted")
    url = f"/api/v1/cases/{made.id}/victim-contact"
    tag = client.get(url, headers=world.headers("chair")).headers["ETag"]
    headers = world.headers("chair", **{"If-Match": tag})
    refused = {**BODY, "consent_status": "withdrawn"}  # consent can no longer be the basis
    assert fields_of(client.put(url, json=refused, headers=headers)) == ["lawful_basis"]
    long_phone = {**BODY, "phone": "0" * 41}
    assert fields_of(client.put(url, json=long_phone, headers=headers)) == ["phone"]
    assert client.put(url, json=BODY, headers=world.headers("auditor")).status_code == 403
    # an agency that is not the victim's lead contact may not read or change it
    assert client.get(url, headers=world.headers("police_officer")).status_code == 403
    withdrawn = {**refused, "lawful_basis": "safeguarding"}
    ok = client.put(url, json=withdrawn, headers=headers)
    assert ok.status_code == 200 and "withdraw the case" in ok.json()["next_step"]
    with Session(engine) as session:
        case = session.get(Case, made.id)
        assert case is not None and case.state == "accepted"  # never withdrawn silently


def test_page_form_check_and_confirmation(
    browser: type[Browser], world: World, engine: Engine
) -> None:
    made = make_case(engine, world, state="accepted")
    coordinator = browser("coordinator")
    assert f'href="/cases/{made.id}/victim-contact"' in coordinator.get(f"/cases/{made.id}").text
    path = f"/cases/{made.id}/victim-contact"
    page = coordinator.get(path)
    assert page.status_code == 200 and made.reference in text(page.text)
    form = {
        "if_match": hidden(page.text, "if_match"),
        "phone": "07700 900111",
        "safe_to_contact": "yes",
        "contact_method": "phone",
        "contact_times": "after 6pm",
        "consent_status": "withdrawn",
        "lawful_basis": "consent",
    }
    r = coordinator.post(path + "/check", form)
    assert r.status_code == 422 and summary_links(r.text) == ["f-lawful-basis"]
    assert "Basis for sharing cannot be the victim's consent" in text(r.text)
    form["lawful_basis"] = "safeguarding"
    r = coordinator.post(path + "/check", form)
    assert r.status_code == 200 and "after 6pm" in text(r.text) and "Safeguarding" in text(r.text)
    assert _alterations(engine, made.id) == []  # the check is a dry run
    r = coordinator.post(path, form)
    assert r.status_code == 200 and "Contact details and consent saved" in text(r.text)
    assert "withdraw the case" in text(r.text)
    person = _person(engine, made.id)
    assert person.phone == "07700 900111" and person.consent_status == "withdrawn"
    assert person.contact_preferences == {"method": "phone", "times": "after 6pm"}
    stale = coordinator.post(path, form)
    assert stale.status_code == 412 and "Someone else changed" in text(stale.text)


def test_page_refuses_an_agency_that_is_not_the_lead_contact(
    browser: type[Browser], world: World, engine: Engine
) -> None:
    made = make_case(engine, world, state="accepted", referrer="police")
    path = f"/cases/{made.id}/victim-contact"
    officer = browser("police_officer")
    assert officer.get(path).status_code == 403
    form = {"safe_to_contact": "yes", "consent_status": "given", "lawful_basis": "consent"}
    r = officer.post(path, form)
    assert r.status_code == 403 and "do not have access" in text(r.text)
    assert browser("auditor").post(path + "/check", form).status_code == 403
    assert _alterations(engine, made.id) == []
