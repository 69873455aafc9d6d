"""A canary in a victim's name must never reach logs, the access log, or the wrong caller.

The victim is built straight from the models with a unique surname. Every registered GET
route is then read by every actor (the outside agency's person and system too); only the
panel's own roles and the referring agency may ever see the name (and only the outside
agency may see the victim of the case it referred to another panel).
"""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from riskpanel.config import Settings
from riskpanel.models import AuditEvent
from tests.fixtures import World
from tests.security.matrix import Ctx
from tests.security.matrix_spec import ROUTES

ENTITLED = {"coordinator", "chair", "police_officer", "police_system"}
#: The other panel's case was referred by the outside agency: only it may see that victim.
FAR_ENTITLED = {"outsider_officer", "outsider_system"}
ACTORS = [
    "admin",
    "coordinator",
    "chair",
    "police_officer",
    "police_system",
    "outsider_officer",
    "outsider_system",
    "housing_officer",
    "scrutiny",
    "auditor",
    None,
]


def test_the_canary_stays_where_it_belongs(
    client: TestClient,
    world: World,
    settings: Settings,
    session: Session,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    ctx = Ctx(session, world, settings)
    related, unrelated = ctx.case(True), ctx.case(False)
    assert related.id and unrelated.id
    canary = next(s for s in ctx.secrets if s.startswith("Canaryzq"))
    far = next(s for s in ctx.secrets if s.startswith("Farzq"))
    leaks: list[str] = []
    failures: list[str] = []  # a read that fails cannot show what it would have leaked
    reads = 0
    for (method, path), route in sorted(ROUTES.items()):
        if method != "GET":
            continue
        for actor in ACTORS:
            headers = world.headers(actor) if actor else {}
            for is_related in (True, False) if route.build else (True,):
                # end the test's read snapshot first: on SQLite a builder that writes from
                # a snapshot older than the app's last write is refused ("database is locked")
                session.commit()
                call = route.build(ctx, "coordinator", is_related) if route.build else None
                url = path.format(**call.path) if call else path
                client.cookies.clear()
                response = client.get(url, headers=headers, params=call.query if call else None)
                reads += 1
                if response.status_code >= 500:
                    failures.append(f"{actor} {url}: {response.status_code}")
                if far in response.text and actor not in FAR_ENTITLED:
                    leaks.append(f"{actor} {url}: the other panel's victim")
                if canary in response.text and actor not in ENTITLED:
                    leaks.append(f"{actor} {url}: the victim's name")
    # once, after every read: the export holds every event the reads wrote (it was fetched
    # after each route, 60 exports of a growing log, for the same answer)
    csv = client.get("/api/v1/audit.csv", headers=world.headers("auditor"))
    assert csv.status_code == 200
    if canary in csv.text:
        leaks.append("audit export")
    assert reads > 50
    assert not failures, failures
    assert not leaks, leaks
    # the entitled did read it (so the canary test is not vacuous)
    detail = client.get(f"/api/v1/cases/{related.id}", headers=world.headers("coordinator"))
    assert canary in detail.text
    for rec in caplog.records:
        assert canary not in rec.getMessage() and far not in rec.getMessage()
    session.rollback()
    events = session.exec(select(AuditEvent)).all()
    assert events, "reads were not logged at all"
    for event in events:
        dumped = str(event.model_dump())
        assert canary not in dumped and far not in dumped
