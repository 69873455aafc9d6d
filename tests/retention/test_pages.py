"""Retention on the web: the schedule and what is past it, a check of exactly what a run
would erase (nothing erased until confirmed), the run after a fresh sign-in, audited."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from riskpanel.config import Settings
from riskpanel.models import AuditEvent, Case, WebSession, utcnow
from tests.fixtures import World
from tests.security.matrix import Ctx
from tests.security.test_retention import closed_case
from tests.web.helpers import Browser, hidden, summary_links, text


def _erased(engine: Engine, case: Case) -> bool:
    with Session(engine) as session:
        return session.get_one(Case, case.id).erased_at is not None


def test_a_coordinator_checks_the_list_then_confirms_the_run(
    browser: type[Browser], world: World, session: Session, settings: Settings, engine: Engine
) -> None:
    ctx = Ctx(session, world, settings)
    old, recent = closed_case(ctx, 7), closed_case(ctx, 5)
    coordinator = browser("coordinator")
    page = coordinator.get("/retention")
    assert page.status_code == 200 and 'href="/retention"' in page.text
    shown = text(page.text)
    assert "6 years after the case closed" in shown and "Cases 1 to erase" in shown

    check = coordinator.post("/retention/check")
    assert check.status_code == 200 and "Check what the run will erase" in text(check.text)
    assert old.reference in check.text and recent.reference not in check.text
    assert not _erased(engine, old)  # the check is a dry run
    as_at = hidden(check.text, "as_at")

    unconfirmed = coordinator.post("/retention/run", {"as_at": as_at})
    assert unconfirmed.status_code == 422 and summary_links(unconfirmed.text) == ["f-confirm"]
    assert "none of these records must be kept" in text(unconfirmed.text)
    assert old.reference in unconfirmed.text and not _erased(engine, old)
    stale = coordinator.post("/retention/run", {"as_at": "2020-01-01T00:00:00+00:00"})
    assert stale.status_code == 422 and "checked too long ago" in text(stale.text)

    done = coordinator.post("/retention/run", {"as_at": as_at, "confirm": "yes"})
    assert done.status_code == 200, text(done.text)
    assert "Retention run complete" in text(done.text) and "1 case," in text(done.text)
    assert _erased(engine, old) and not _erased(engine, recent)
    with Session(engine) as fresh:
        events = fresh.exec(select(AuditEvent).where(col(AuditEvent.purpose) == "retention")).all()
    by = world.users["coordinator"].id
    erasures = {(e.subject_type, e.subject_id) for e in events if e.action == "erasure"}
    assert ("case", str(old.id)) in erasures and ("case", str(recent.id)) not in erasures
    assert all(e.actor_user_id == by for e in events)
    assert [e.subject_type for e in events if e.action == "consultation"] == ["retention_run"] * 3


def test_the_run_needs_a_fresh_sign_in(
    browser: type[Browser], world: World, engine: Engine
) -> None:
    auditor = browser("auditor")
    assert 'href="/retention"' in auditor.get("/retention").text
    with Session(engine) as session:
        long_ago = utcnow() - timedelta(hours=2)
        session.execute(update(WebSession).values(authenticated_at=long_ago))
        session.commit()
    r = auditor.post("/retention/check")
    assert r.status_code == 303 and r.headers["location"].startswith("/sign-in/confirm")


def test_other_roles_cannot_see_or_run_retention(browser: type[Browser], world: World) -> None:
    for actor in ("chair", "police_officer", "admin"):
        person = browser(actor)
        assert person.get("/retention").status_code == 403, actor
        assert person.post("/retention/check").status_code == 403, actor
        assert person.post("/retention/run", {"confirm": "yes"}).status_code == 403, actor
