"""Steps of a meeting driven through the API, shared by the minutes, documents and
end-to-end tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.fixtures import World
from tests.meetings.factories import MadeCase, create_meeting, hold_meeting, make_case

API = "/api/v1/meetings"


def agenda_from_proposal(
    client: TestClient, world: World, meeting: dict[str, Any], extra: list[dict] | None = None
) -> dict[str, Any]:
    proposal = client.get(
        f"{API}/{meeting['id']}/agenda/proposal", headers=world.headers("coordinator")
    ).json()
    items = [
        {k: i[k] for k in ("section", "case_id", "slot_minutes")} | {"position": n}
        for n, i in enumerate(proposal["items"], start=1)
    ] + (extra or [])
    etag = client.get(f"{API}/{meeting['id']}", headers=world.headers("coordinator")).headers[
        "etag"
    ]
    r = client.put(
        f"{API}/{meeting['id']}/agenda",
        json={"items": items},
        headers=world.headers("coordinator", **{"If-Match": etag}),
    )
    assert r.status_code == 200, r.text
    return r.json()


def record_attendance(client: TestClient, world: World, meeting_id: int) -> None:
    etag = client.get(f"{API}/{meeting_id}", headers=world.headers("coordinator")).headers["etag"]
    people = [
        {
            "agency_id": world.agencies["police"].id,
            "name": "Insp. Lena Hart",
            "role": "Chair",
            "confidentiality_signed": True,
        },
        {
            "agency_id": world.agencies["housing"].id,
            "name": "Owen Pryce",
            "role": "Housing officer",
            "confidentiality_signed": True,
        },
        {
            "agency_id": world.agencies["victim_support"].id,
            "name": "Ruth Cole",
            "role": "Caseworker",
            "confidentiality_signed": True,
        },
        {
            "name": "Kim Lane",
            "role": "Community Safety Partnership",
            "status": "observer",
            "confidentiality_signed": True,
        },
        {
            "agency_id": world.agencies["childrens"].id,
            "name": "Ade Bello",
            "role": "Team manager",
            "status": "apology",
            "information_sent_at": "2026-01-05T09:30:00+00:00",
            "information_summary": "Children known to early help; no current plan.",
        },
    ]
    r = client.put(
        f"{API}/{meeting_id}/attendance",
        json={"attendees": people},
        headers=world.headers("coordinator", **{"If-Match": etag}),
    )
    assert r.status_code == 200, r.text


def minutes_etag(client: TestClient, world: World, meeting_id: int) -> str:
    r = client.get(f"{API}/{meeting_id}/minutes", headers=world.headers("coordinator"))
    assert r.status_code == 200, r.text
    return r.headers["etag"]


def put_minutes(
    client: TestClient,
    world: World,
    meeting_id: int,
    case_id: int,
    body: dict[str, Any],
    *,
    actor: str = "coordinator",
    etag: str | None = None,
) -> Any:
    tag = etag or minutes_etag(client, world, meeting_id)
    return client.put(
        f"{API}/{meeting_id}/minutes/cases/{case_id}",
        json=body,
        headers=world.headers(actor, **{"If-Match": tag}),
    )


def actions_agreed(world: World, *owners: str, days: int = 14) -> dict[str, Any]:
    due = (date.today() + timedelta(days=days)).isoformat()
    return {
        "information": [
            {
                "agency_id": world.agencies["police"].id,
                "kind": "fact",
                "text": "Three reported incidents at the address since June.",
            },
            {
                "agency_id": world.agencies["housing"].id,
                "kind": "opinion",
                "text": "The officer believes the neighbour is behind the graffiti.",
            },
        ],
        "decision": "actions_agreed",
        "actions": [
            {"agency_id": world.agencies[o].id, "description": f"{o} action {n}", "due_on": due}
            for n, o in enumerate(owners, start=1)
        ],
    }


def held_meeting_with_cases(
    client: TestClient,
    world: World,
    engine: Engine,
    *cases: dict[str, Any],
    hours_ago: float = 1,
) -> tuple[dict[str, Any], list[MadeCase]]:
    """Cases waiting, a meeting listing them (in the future), then the meeting is held."""
    made = [make_case(engine, world, **c) for c in cases]
    meeting = create_meeting(client, world, days_ahead=3)
    agenda_from_proposal(client, world, meeting)
    hold_meeting(engine, meeting["id"], hours_ago=hours_ago)
    record_attendance(client, world, meeting["id"])
    return meeting, made
