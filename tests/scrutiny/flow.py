"""The release workflow through the API, step by step, for the scrutiny tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.fixtures import World
from tests.scrutiny.factories import PERIOD

BASE = "/api/v1/scrutiny"


def create_pack(client: TestClient, world: World, **body: Any) -> dict[str, Any]:
    payload = {
        "period_start": PERIOD[0].isoformat(),
        "period_end": PERIOD[1].isoformat(),
        "sample_size": 50,
        "seed": 7,
        **body,
    }
    r = client.post(f"{BASE}/packs", json=payload, headers=world.headers("coordinator"))
    assert r.status_code == 201, r.text
    return r.json()


def review_all(client: TestClient, world: World, pack: dict[str, Any]) -> None:
    for s in pack["summaries"]:
        if s["withheld"] or s["reviewed"]:
            continue
        r = client.post(
            f"{BASE}/packs/{pack['id']}/summaries/{s['id']}/reviewed",
            headers=world.headers("coordinator"),
        )
        assert r.status_code == 200, r.text


def release(
    client: TestClient, world: World, pack_id: int, recipients: tuple[str, ...] = ("Panel group",)
) -> dict[str, Any]:
    r = client.post(
        f"{BASE}/packs/{pack_id}/release",
        json={"recipients": list(recipients)},
        headers=world.headers("coordinator"),
    )
    assert r.status_code == 200, r.text
    return r.json()


def released_pack(client: TestClient, world: World, **body: Any) -> dict[str, Any]:
    """Create, review every summary, release; returns the coordinator's released view."""
    pack = create_pack(client, world, **body)
    review_all(client, world, pack)
    return release(client, world, pack["id"])
