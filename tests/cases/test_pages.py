"""The case page's Victims' Code forms: updates given to the victim and support referrals."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import AuditEvent, SupportReferral, VictimUpdate
from tests.fixtures import World
from tests.meetings.factories import make_case
from tests.web.helpers import Browser, summary_links, text
from tests.web.journeys import date_fields


def test_coordinator_records_an_update_given_to_the_victim(
    browser: type[Browser], world: World, engine: Engine, today: date
) -> None:
    made = make_case(engine, world, state="accepted")
    coordinator = browser("coordinator")
    page = coordinator.get(f"/cases/{made.id}")
    assert "Record an update given to the victim" in text(page.text)
    assert (
        f'name="update.given_at.year" type="text" inputmode="numeric" value="{today.year}"'
        in page.text
    )
    path = f"/cases/{made.id}/victim-updates"
    r = coordinator.post(path, {"update.given_at.day": "31", "update.given_at.month": "2"})
    assert r.status_code == 422
    anchors = summary_links(r.text)
    assert anchors == [
        "f-update-kind",
        "f-update-method",
        "f-update-given-at",
        "f-update-given-time",
    ]
    for anchor in anchors:
        assert f'id="{anchor}"' in r.text
    assert 'id="f-update-form" open' in r.text
    tomorrow = today + timedelta(days=2)
    form = {
        "update.kind": "arrest",
        "update.method": "phone",
        **date_fields("update.given_at", tomorrow),
        "update.given_time": "10:15",
        "update.summary": "Told her a man was arrested on Tuesday.",
    }
    r = coordinator.post(path, form)
    assert r.status_code == 422 and summary_links(r.text) == ["f-update-given-at"]
    assert "must be today or in the past" in text(r.text)
    r = coordinator.post(
        path, {**form, **date_fields("update.given_at", today - timedelta(days=1))}
    )
    assert r.status_code == 303 and r.headers["location"].endswith("#timeline")
    body = text(coordinator.get(r.headers["location"]).text)
    assert "Update to the victim recorded" in body
    assert "Update to victim: Arrest (phone)" in body
    assert "Told her a man was arrested on Tuesday." in body
    with Session(engine) as session:
        rows = session.exec(select(VictimUpdate).where(col(VictimUpdate.case_id) == made.id)).all()
        assert [(u.kind, u.method) for u in rows] == [("arrest", "phone")]
        logged = session.exec(
            select(AuditEvent).where(col(AuditEvent.subject_type) == "victim_update")
        ).all()
        assert [(e.action, e.case_id) for e in logged] == [("collection", made.id)]


def test_an_agency_records_a_support_referral_on_its_own_case_only(
    browser: type[Browser], world: World, engine: Engine, today: date
) -> None:
    made = make_case(engine, world, state="actions_open", referrer="police")
    officer = browser("police_officer")
    path = f"/cases/{made.id}/support-referrals"
    form = {
        "support.status": "declined",
        "support.service": "Victim Support",
        **date_fields("support.at", today - timedelta(days=1)),
        "support.at_time": "9.05",
    }
    r = officer.post(path, form)
    assert r.status_code == 422 and summary_links(r.text) == ["f-support-declined-reason"]
    assert 'id="f-support-form" open' in r.text
    r = officer.post(path, {**form, "support.at_time": "25:00", "support.declined_reason": "x"})
    assert r.status_code == 422 and summary_links(r.text) == ["f-support-at-time"]
    r = officer.post(path, {**form, "support.declined_reason": "Has family support."})
    assert r.status_code == 303
    body = text(officer.get(r.headers["location"]).text)
    assert "Support referral recorded" in body
    assert "Support referral: Victim Support: declined by the victim" in body
    outsider = browser("outsider_officer")
    r = outsider.post(path, {**form, "support.declined_reason": "Probing"})
    assert r.status_code == 404 and made.family_name not in r.text
    assert browser("auditor").post(path, form).status_code == 403
    with Session(engine) as session:
        rows = session.exec(
            select(SupportReferral).where(col(SupportReferral.case_id) == made.id)
        ).all()
        assert [(s.status, s.declined_reason) for s in rows] == [
            ("declined", "Has family support.")
        ]
