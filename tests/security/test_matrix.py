"""The access matrix: every registered route x every role x related/unrelated object."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from riskpanel.config import Settings
from tests.conftest import BACKEND
from tests.fixtures import World
from tests.security.conftest import SUMMARY
from tests.security.matrix import Ctx, Route, run_matrix
from tests.security.matrix_spec import ROUTES, case_path

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def openapi_operations(app: FastAPI) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
        if method in HTTP_METHODS
    }


def unregistered(app: FastAPI, routes: dict[tuple[str, str], Route]) -> list[str]:
    return sorted(f"{m} {p}" for m, p in openapi_operations(app) - set(routes))


def test_every_api_route_is_in_the_matrix_registry(app: FastAPI) -> None:
    missing = unregistered(app, ROUTES)
    assert not missing, (
        "These API routes are not in the access matrix. Add each to ROUTES in "
        "tests/security/matrix_spec.py with the roles it allows (and a builder for its "
        "objects); the module docstring shows how:\n  " + "\n  ".join(missing)
    )


def test_registry_names_no_route_that_does_not_exist(app: FastAPI) -> None:
    stale = sorted(f"{m} {p}" for m, p in set(ROUTES) - openapi_operations(app))
    assert not stale, f"remove from matrix_spec.ROUTES (no such route): {stale}"


def test_a_new_route_without_an_entry_fails_with_instructions(app: FastAPI) -> None:
    @app.get("/api/v1/brand-new-thing")
    def brand_new() -> dict[str, str]:
        return {}

    app.openapi_schema = None
    assert "GET /api/v1/brand-new-thing" in unregistered(app, ROUTES)


def test_access_matrix(
    client: TestClient,
    world: World,
    settings: Settings,
    session: Session,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    ctx = Ctx(session, world, settings)
    report = run_matrix(client, ctx, ROUTES)
    figures = report.summary()
    out: Path = tmp_path_factory.getbasetemp() / f"access-matrix-{BACKEND}.json"
    out.write_text(report.as_json())
    SUMMARY.append(
        f"access matrix ({BACKEND}): {figures['routes']} routes, {figures['probes']} probes, "
        f"{figures['expected_allows']} expected allows, {figures['expected_denies']} expected "
        f"denies, {figures['mismatches']} mismatches ({out})"
    )
    assert figures["probes"] >= len(ROUTES) * 8
    assert not report.mismatches, "\n".join(
        f"{p.method} {p.path} as {p.role} ({p.relation}): {'; '.join(p.problems)}"
        for p in report.mismatches
    )


def test_the_matrix_catches_a_wrong_rule(
    client: TestClient, world: World, settings: Settings, session: Session
) -> None:
    """A registry that lies (cases for admins only) must produce mismatches, leaks named."""
    lie = {
        ("GET", "/api/v1/cases/{case_id}"): Route(
            allowed=frozenset({"admin"}), build=case_path, scoped=True
        )
    }
    report = run_matrix(client, Ctx(session, world, settings), lie)
    wrong = {(p.role, p.relation) for p in report.mismatches}
    assert ("admin", "related") in wrong  # expected 200, got 403
    assert ("coordinator", "related") in wrong  # expected 403, got 200
    leak = next(p for p in report.mismatches if p.role == "coordinator")
    assert any("leaks" in problem for problem in leak.problems)
