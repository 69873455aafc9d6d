"""Re-assessing a case's risk on the web: form, check of the level the answers give, record."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import AuditEvent, Case, RiskAssessment
from tests.fixtures import World
from tests.meetings.factories import make_case
from tests.web.helpers import Browser, summary_links, text

HIGH = {
    **{f"assessment.{q}": "yes" for q in ("getting_worse", "injured", "weapon", "home_attacked")},
    **{f"assessment.{q}.source": "police" for q in ("getting_worse", "injured", "weapon")},
    "assessment.home_attacked.source": "victim",
}


def test_coordinator_re_assesses_a_case_and_its_level_changes(
    browser: type[Browser], world: World, engine: Engine
) -> None:
    made = make_case(engine, world, state="actions_open", risk="standard")
    coordinator = browser("coordinator")
    page = coordinator.get(f"/cases/{made.id}")
    assert f'href="/cases/{made.id}/assessment"' in page.text
    form = coordinator.get(f"/cases/{made.id}/assessment")
    assert form.status_code == 200 and made.reference in text(form.text)
    check = f"/cases/{made.id}/assessment/check"
    r = coordinator.post(check, {**HIGH, "assessment.judgement_level": "high"})
    assert r.status_code == 422
    assert summary_links(r.text) == ["f-assessment-judgement-reason"]
    assert 'id="f-assessment-judgement-reason-error"' in r.text
    assert summary_links(coordinator.post(check, {}).text) == ["f-assessment-targeted-before"]
    r = coordinator.post(check, HIGH)
    assert r.status_code == 200
    body = text(r.text)
    assert "High risk" in body and "changes from standard to high" in body
    with Session(engine) as session:  # nothing stored by the check
        stored = select(RiskAssessment).where(col(RiskAssessment.case_id) == made.id)
        assert session.exec(stored).all() == []
    r = coordinator.post(f"/cases/{made.id}/assessment", HIGH)
    assert r.status_code == 303 and r.headers["location"].endswith("#timeline")
    assert "Risk re-assessed" in text(coordinator.get(r.headers["location"]).text)
    with Session(engine) as session:
        case = session.get(Case, made.id)
        assert case is not None and case.risk_level == "high"
        logged = session.exec(
            select(AuditEvent.action).where(
                col(AuditEvent.case_id) == made.id, col(AuditEvent.subject_type) == "case"
            )
        ).all()
        assert "alteration" in logged


def test_an_agency_view_leaves_the_level_and_other_roles_are_refused(
    browser: type[Browser], world: World, engine: Engine
) -> None:
    made = make_case(engine, world, state="actions_open", risk="standard")
    officer = browser("police_officer")
    r = officer.post(f"/cases/{made.id}/assessment", HIGH)
    assert r.status_code == 303
    assert "recorded as its view" in text(officer.get(r.headers["location"]).text)
    with Session(engine) as session:
        case = session.get(Case, made.id)
        assert case is not None and case.risk_level == "standard"
    auditor = browser("auditor")
    assert auditor.get(f"/cases/{made.id}/assessment").status_code == 403
    refused = auditor.post(f"/cases/{made.id}/assessment", HIGH)
    assert refused.status_code == 403 and "do not have access" in text(refused.text)
    outsider = browser("outsider_officer")
    assert outsider.post(f"/cases/{made.id}/assessment/check", HIGH).status_code == 404
