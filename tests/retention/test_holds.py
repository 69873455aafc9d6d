"""Legal holds on the web and in the API: the coordinator places one on a case of their
panel with a reason (checked, confirmed, after a fresh sign-in), the retention page lists
who placed it, when and why, a retention check shows the case kept, and the hold is lifted
the same way. Audited; other roles and other panels' cases are refused."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from riskpanel.config import Settings
from riskpanel.models import AuditEvent, Case, LegalHold, WebSession, utcnow
from tests.fixtures import World
from tests.security.matrix import Ctx
from tests.security.test_retention import closed_case
from tests.web.helpers import Browser, summary_links, text

REASON = "A civil claim against the landlord: the court may ask for these records."


def _holds(engine: Engine, case: Case) -> tuple[bool, list[LegalHold]]:
    with Session(engine) as session:
        held = session.get_one(Case, case.id).legal_hold
        rows = session.exec(select(LegalHold).where(LegalHold.case_id == case.id)).all()
        return held, list(rows)


def _place(coordinator: Browser, reference: str) -> str:
    form = {"case_reference": reference.lower(), "reason": REASON}
    check = coordinator.post("/retention/holds/check", form)
    assert check.status_code == 200, text(check.text)
    assert "Check the legal hold before you place it" in text(check.text)
    done = coordinator.post("/retention/holds", form)
    assert done.status_code == 200, text(done.text)
    return text(done.text)


def test_the_coordinator_places_and_lifts_a_hold_and_the_run_keeps_the_case(
    browser: type[Browser], world: World, session: Session, settings: Settings, engine: Engine
) -> None:
    ctx = Ctx(session, world, settings)
    case = closed_case(ctx, 7)
    coordinator = browser("coordinator")
    assert "No case is under a legal hold" in text(coordinator.get("/retention").text)
    assert coordinator.get("/retention/holds/new").status_code == 200

    empty = coordinator.post("/retention/holds/check", {"case_reference": "", "reason": ""})
    assert empty.status_code == 422
    assert summary_links(empty.text) == ["f-case-reference", "f-reason"]
    no_reason = coordinator.post("/retention/holds/check", {"case_reference": case.reference})
    assert no_reason.status_code == 422 and summary_links(no_reason.text) == ["f-reason"]
    assert "Enter why the case must be kept" in text(no_reason.text)
    form = {"case_reference": case.reference, "reason": REASON}
    coordinator.post("/retention/holds/check", form)
    assert _holds(engine, case) == (False, [])  # the check keeps nothing

    assert "Legal hold placed" in _place(coordinator, case.reference)
    held, rows = _holds(engine, case)
    assert held and [(r.reason, r.placed_by_user_id) for r in rows] == [
        (REASON, world.users["coordinator"].id)
    ]
    listed = text(coordinator.get("/retention").text)
    assert case.reference in listed and REASON in listed
    assert world.users["coordinator"].display_name in listed
    again = coordinator.post("/retention/holds/check", form)
    assert again.status_code == 409 and "already under a legal hold" in text(again.text)

    check = coordinator.post("/retention/check")
    assert 'id="cases"' not in check.text  # nothing else is due: the held case is not erased
    kept = check.text.split('id="kept"')[1]
    assert case.reference in kept.split("</table>")[0]

    lift = f"/retention/holds/{case.id}/lift"
    assert REASON in text(coordinator.get(lift).text)
    blank = coordinator.post(f"{lift}/check", {"reason": " "})
    assert blank.status_code == 422 and summary_links(blank.text) == ["f-reason"]
    checked = coordinator.post(f"{lift}/check", {"reason": "The claim was settled."})
    assert checked.status_code == 200 and _holds(engine, case)[0]
    done = coordinator.post(lift, {"reason": "The claim was settled."})
    assert done.status_code == 200 and "Legal hold lifted" in text(done.text)
    held, rows = _holds(engine, case)
    assert not held and rows[0].lift_reason == "The claim was settled." and rows[0].lifted_at
    assert coordinator.get(lift).status_code == 409  # nothing to lift now
    for path in (f"{lift}/check", lift):  # the check and the lift refuse it alike
        assert coordinator.post(path, {"reason": "Again."}).status_code == 409, path

    with Session(engine) as fresh:
        events = fresh.exec(
            select(AuditEvent).where(
                col(AuditEvent.case_id) == case.id, col(AuditEvent.action) == "administration"
            )
        ).all()
    assert [e.detail for e in events] == [{"legal_hold": True}, {"legal_hold": False}]
    assert all(REASON not in str(e.detail) + str(e.fields) for e in events)


def test_only_the_coordinator_holds_and_only_their_panels_cases(
    browser: type[Browser], world: World, session: Session, settings: Settings
) -> None:
    ctx = Ctx(session, world, settings)
    other = ctx.fresh_case(False)
    coordinator = browser("coordinator")
    form = {"case_reference": other.reference, "reason": REASON}
    refused = coordinator.post("/retention/holds/check", form)
    assert refused.status_code == 422 and summary_links(refused.text) == ["f-case-reference"]
    assert coordinator.post("/retention/holds", form).status_code == 422
    mine = closed_case(ctx, 1)
    for actor in ("chair", "auditor", "police_officer", "admin"):
        person = browser(actor)
        assert person.get("/retention/holds/new").status_code == 403, actor
        form = {"case_reference": mine.reference, "reason": REASON}
        assert person.post("/retention/holds", form).status_code == 403, actor
        lift = f"/retention/holds/{mine.id}/lift"
        assert person.post(lift, {"reason": "Settled."}).status_code == 403, actor
    auditor = browser("auditor").get("/retention").text
    assert "Legal holds" in auditor and "/retention/holds/new" not in auditor


def test_placing_a_hold_needs_a_fresh_sign_in(
    browser: type[Browser], world: World, session: Session, settings: Settings, engine: Engine
) -> None:
    case = closed_case(Ctx(session, world, settings), 2)
    coordinator = browser("coordinator")
    with Session(engine) as fresh:
        fresh.execute(update(WebSession).values(authenticated_at=utcnow() - timedelta(hours=2)))
        fresh.commit()
    r = coordinator.post("/retention/holds", {"case_reference": case.reference, "reason": REASON})
    assert r.status_code == 303 and r.headers["location"].startswith("/sign-in/confirm")
    assert _holds(engine, case) == (False, [])


def test_the_api_places_lists_and_lifts_a_hold(
    client: TestClient, world: World, session: Session, settings: Settings
) -> None:
    case = closed_case(Ctx(session, world, settings), 3)
    url = f"/api/v1/cases/{case.id}/legal-hold"
    as_coordinator = world.headers("coordinator")
    short = client.post(url, json={"reason": "x"}, headers=as_coordinator)
    assert short.status_code == 422
    assert short.headers["content-type"].startswith("application/problem+json")
    assert "reason" in short.text
    placed = client.post(url, json={"reason": REASON}, headers=as_coordinator)
    assert placed.status_code == 201, placed.text
    assert placed.json()["held"] and placed.json()["case_reference"] == case.reference
    twice = client.post(url, json={"reason": REASON}, headers=as_coordinator)
    assert twice.status_code == 409
    assert twice.headers["content-type"].startswith("application/problem+json")
    listed = client.get("/api/v1/legal-holds", headers=world.headers("auditor")).json()["items"]
    assert [(h["case_id"], h["reason"]) for h in listed] == [(case.id, REASON)]
    lifted = client.post(f"{url}/lift", json={"reason": "Settled."}, headers=as_coordinator)
    assert lifted.status_code == 200 and not lifted.json()["held"]
    assert lifted.json()["lift_reason"] == "Settled."
    assert client.get("/api/v1/legal-holds", headers=as_coordinator).json()["items"] == []
    assert (
        client.post(f"{url}/lift", json={"reason": "Again."}, headers=as_coordinator).status_code
        == 409
    )
