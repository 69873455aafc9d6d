"""The Victims' Code record after intake on the web: form, check, save, and who may."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import AuditEvent, Case, VictimEntitlement
from riskpanel.victims import repository
from tests.fixtures import World
from tests.meetings.factories import make_case
from tests.web.helpers import Browser, hidden, summary_links, text
from tests.web.journeys import date_fields


def test_coordinator_records_the_needs_assessment_and_the_lead_contact(
    browser: type[Browser], world: World, engine: Engine
) -> None:
    made = make_case(engine, world, state="accepted")
    police = world.agencies["police"].id
    coordinator = browser("coordinator")
    assert f'href="/cases/{made.id}/victims-code"' in coordinator.get(f"/cases/{made.id}").text
    page = coordinator.get(f"/cases/{made.id}/victims-code")
    assert page.status_code == 200 and made.reference in text(page.text)
    form = {
        "if_match": hidden(page.text, "if_match"),
        "category": "hate_crime",
        "enhanced_rights": "yes",
        "support_opt_out": "no",
        "needs_outcome": "Wants updates by phone after 6pm.",
        "update_schedule": "Weekly by phone",
        "lead_agency_id": str(police),
    }
    path = f"/cases/{made.id}/victims-code"
    r = coordinator.post(path + "/check", form)
    assert r.status_code == 422 and summary_links(r.text) == ["f-needs-assessed-at"]
    assert 'id="f-needs-assessed-at-error"' in r.text
    tomorrow = date_fields("needs_assessed_at", date.today() + timedelta(days=2))
    r = coordinator.post(path + "/check", {**form, **tomorrow})
    assert r.status_code == 422 and "must be today or in the past" in text(r.text)
    form |= date_fields("needs_assessed_at", date.today() - timedelta(days=1))
    r = coordinator.post(path + "/check", form)
    assert r.status_code == 200
    body = text(r.text)
    assert "Weekly by phone" in body and "Test Police" in body
    with Session(engine) as session:  # the check is a dry run
        assert repository.entitlement_of(session, made.id) is None
    r = coordinator.post(path, form)
    assert r.status_code == 303 and r.headers["location"].endswith("#victims-code")
    assert "Victims' Code record saved" in text(coordinator.get(r.headers["location"]).text)
    with Session(engine) as session:
        ent = repository.entitlement_of(session, made.id)
        assert isinstance(ent, VictimEntitlement) and ent.update_schedule == "Weekly by phone"
        case = session.get(Case, made.id)
        assert case is not None and case.lead_agency_id == police
        logged = session.exec(
            select(AuditEvent.action).where(
                col(AuditEvent.subject_type) == "victim_entitlement",
                col(AuditEvent.case_id) == made.id,
            )
        ).all()
        assert [a for a in logged if a == "alteration"] == ["alteration"]  # not the dry run
    # the lead contact may now change the record, but not name another lead
    officer = browser("police_officer")
    page = officer.get(path)
    assert page.status_code == 200 and "Lead contact for the victim" not in page.text
    form |= {"if_match": hidden(page.text, "if_match"), "update_schedule": "Fortnightly"}
    r = officer.post(path, form)
    assert r.status_code == 303
    stale = officer.post(path, form)  # the ETag of the record before that save
    assert stale.status_code == 412 and "Someone else changed" in text(stale.text)


def test_an_agency_that_is_not_the_lead_contact_is_refused(
    browser: type[Browser], world: World, engine: Engine
) -> None:
    made = make_case(engine, world, state="accepted", referrer="police")
    form = {"enhanced_rights": "yes", "support_opt_out": "no", "update_schedule": "Monthly"}
    path = f"/cases/{made.id}/victims-code"
    r = browser("police_officer").post(path, form)
    assert r.status_code == 403 and "do not have access" in text(r.text)
    assert browser("auditor").post(path + "/check", form).status_code == 403
    with Session(engine) as session:
        assert repository.entitlement_of(session, made.id) is None
