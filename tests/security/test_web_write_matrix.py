"""The write matrix over the web forms (see ``web_write_matrix``), on both databases."""

from __future__ import annotations

import time

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from riskpanel.access.authority import AUTHORITY
from riskpanel.config import Settings
from tests.conftest import BACKEND
from tests.fixtures import World
from tests.security.conftest import SUMMARY
from tests.security.web_write_matrix import (
    AGENCY_PEOPLE,
    FORMS,
    WEB_ROLES,
    WebSessions,
    run_web_matrix,
    web_targets,
)
from tests.security.write_matrix import SCENARIOS, ScenarioCtx, add_scenario_agencies


def test_every_web_write_route_of_the_table_is_probed() -> None:
    web = {(t.method, t.path) for t in web_targets()}
    declared = {
        (m, p) for e in AUTHORITY.values() for m, p in e.routes if not p.startswith("/api/")
    }
    assert web == declared and len(web) > 25
    assert {path for _, path in FORMS} <= {p for _, p in web}


def test_web_write_matrix(app: FastAPI, world: World, settings: Settings, session: Session) -> None:
    add_scenario_agencies(session, world, settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        web = WebSessions.open(client, [*WEB_ROLES.values(), *AGENCY_PEOPLE.values()])
        started = time.monotonic()
        probes = run_web_matrix(web, ScenarioCtx(session, world, settings))
    seconds = time.monotonic() - started
    wrong = [p for p in probes if not p.ok]
    routes = {p.path for p in probes}
    SUMMARY.append(
        f"web write matrix ({BACKEND}): {len(routes)} routes, {len(probes)} probes, "
        f"{sum(p.actual == 303 and p.role != 'anonymous' for p in probes)} saved, "
        f"{len(wrong)} mismatches, {seconds:.0f} s"
    )
    seen = {(p.path, p.role, p.relation): p.actual for p in probes}
    updates = "/cases/{case_id}/victim-updates"
    assert seen[(updates, "agency", "own")] == 303
    assert seen[(updates, "agency", "non_member")] == 403
    assert seen[(updates, "agency", "left_panel")] == 403
    assert seen[(updates, "coordinator", "other_panel")] == 404
    assert {p.relation for p in probes} >= {*SCENARIOS, "other_panel"}
    assert not wrong, "\n".join(
        f"POST {p.path} as {p.role} ({p.relation}): {'; '.join(p.problems)}" for p in wrong
    )
