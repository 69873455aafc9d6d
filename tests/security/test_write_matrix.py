"""The write-side access matrix (issue 15): every API write route of the authority table x
every role x every relationship scenario, expectations derived from the table alone."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from riskpanel.access.authority import AUTHORITY
from riskpanel.config import Settings
from tests.conftest import BACKEND
from tests.fixtures import World
from tests.security.conftest import SUMMARY
from tests.security.matrix_spec import ROUTES
from tests.security.write_matrix import (
    SCENARIOS,
    ScenarioCtx,
    add_scenario_agencies,
    expected,
    left_on,
    run_write_matrix,
    targets,
)


def test_every_api_write_route_of_the_table_has_matrix_objects() -> None:
    api = [t for t in targets(ROUTES)]
    declared = {(m, p) for e in AUTHORITY.values() for m, p in e.routes if p.startswith("/api/v1/")}
    assert {(t.method, t.path) for t in api} == declared
    assert all(t.route.build or "{" not in t.path for t in api)


def test_the_expectation_follows_the_table() -> None:
    by_path = {(t.method, t.path): t for t in targets(ROUTES)}
    updates = by_path[("POST", "/api/v1/cases/{case_id}/victim-updates")]
    assert expected(updates, "agency", "own") == {201}
    for scenario in set(SCENARIOS) - {"own"}:
        assert expected(updates, "agency_client", scenario) == {403, 404}
    assert expected(updates, "scrutiny", "own") == {403}
    assert expected(updates, "anonymous", "own") == {401}
    action = by_path[("POST", "/api/v1/actions/{action_id}/updates")]
    assert expected(action, "agency", "non_member") == {201}  # the owner reports progress
    assert expected(action, "agency", "expired_agreement") == {403, 404}
    assert expected(by_path[("POST", "/api/v1/auth/session")], "anonymous", "own") == {201}


def test_write_matrix(
    client: TestClient,
    world: World,
    settings: Settings,
    session: Session,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    add_scenario_agencies(session, world, settings)
    assert left_on(session, world, "leaver") is not None
    started = time.monotonic()
    probes = run_write_matrix(client, ScenarioCtx(session, world, settings), ROUTES)
    seconds = time.monotonic() - started
    wrong = [p for p in probes if not p.ok]
    out: Path = tmp_path_factory.getbasetemp() / f"write-matrix-{BACKEND}.json"
    out.write_text(json.dumps([p.__dict__ for p in probes], indent=1, default=str))
    routes = {(p.method, p.path) for p in probes}
    SUMMARY.append(
        f"write matrix ({BACKEND}): {len(routes)} routes, {len(probes)} probes, "
        f"{sum(p.allowed for p in probes)} expected allows, "
        f"{sum(not p.allowed for p in probes)} expected denies, {len(wrong)} mismatches, "
        f"{seconds:.0f} s ({out})"
    )
    assert len(routes) == len(targets(ROUTES)) and len(probes) > 8 * len(routes)
    assert {p.relation for p in probes} >= {*SCENARIOS, "other_panel"}
    seen = {(p.path, p.role, p.relation): p.actual for p in probes}
    updates, entitlement = (
        "/api/v1/cases/{case_id}/victim-updates",
        "/api/v1/cases/{case_id}/entitlement",
    )
    assert seen[(updates, "agency", "own")] == 201
    assert seen[(updates, "agency_client", "non_member")] == 403  # sees it, not a member
    assert seen[(updates, "agency", "left_panel")] == 403
    assert seen[(updates, "agency", "expired_agreement")] == 404  # receives nothing
    assert seen[(updates, "agency", "closed_beyond_window")] == 404
    assert seen[(entitlement, "agency", "own")] == 200  # the lead contact
    assert seen[(entitlement, "agency", "non_member")] == 403
    assert not wrong, "\n".join(
        f"{p.method} {p.path} as {p.role} ({p.relation}): {'; '.join(p.problems)}" for p in wrong
    )
