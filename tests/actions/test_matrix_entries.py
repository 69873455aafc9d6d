"""The action and research routes through the access matrix (every role x related or
not): allowed roles succeed, another agency's or panel's object is 404, other roles 403,
anonymous 401, and no denial changes the database or leaks the case's canary values."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from riskpanel.config import Settings
from tests.actions.matrix_entries import ACTION_ROUTES
from tests.fixtures import World
from tests.security.matrix import Ctx, run_matrix


def test_action_and_research_routes_hold_the_access_model(
    client: TestClient, world: World, settings: Settings, session: Session
) -> None:
    report = run_matrix(client, Ctx(session, world, settings), ACTION_ROUTES)
    assert report.summary()["probes"] >= len(ACTION_ROUTES) * 8
    assert not report.mismatches, "\n".join(
        f"{p.method} {p.path} as {p.role} ({p.relation}): {'; '.join(p.problems)}"
        for p in report.mismatches
    )
