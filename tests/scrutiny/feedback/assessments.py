"""Helpers for the assessment tests: a released pack, extra scrutiny members, answers."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from riskpanel.auth import service as auth
from riskpanel.config import Settings
from riskpanel.models import User
from tests.fixtures import World
from tests.scrutiny import flow
from tests.scrutiny.factories import ScrutinyFactory

BASE = flow.BASE
GOOD = {
    "kept_informed": "yes",
    "referred_to_support": "no",
    "flagged_correctly": "yes",
    "response_timely": "cannot_tell",
    "overall": "adequate",
    "comment": "No support referral is recorded.",
}


def released(
    session: Session, world: World, client: TestClient
) -> tuple[dict[str, Any], ScrutinyFactory, list[dict[str, Any]]]:
    """Four alike closed cases released with k=3; the pack, its factory, shown summaries."""
    factory = ScrutinyFactory(session, world, seed=31)
    for _ in range(4):
        factory.closed_case(strands=("disability",), district="Southbank", age=45, sex="female")
    pack = flow.released_pack(client, world, k=3)
    shown = [s for s in pack["summaries"] if not s["withheld"]]
    assert len(shown) >= 2
    return pack, factory, shown


def member(
    session: Session, settings: Settings, name: str, *, panel_id: int | None = None
) -> tuple[User, dict[str, str]]:
    """Another scrutiny member (of ``panel_id`` when given) and their bearer headers."""
    user = auth.create_user(
        session=session,
        email=f"{name}@example.org",
        display_name=name.title(),
        role="scrutiny",
        panel_id=panel_id,
        password="correct horse battery staple",
    )
    token = auth.issue_personal_token(session=session, user=user, key=settings.secret_key)
    session.commit()
    return user, {"Authorization": f"Bearer {token}"}


def assess(client: TestClient, headers: dict[str, str], summary_id: int, **changes: str) -> Any:
    return client.put(
        f"{BASE}/summaries/{summary_id}/assessment", json={**GOOD, **changes}, headers=headers
    )
