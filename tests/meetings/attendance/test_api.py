"""Attendance with confidentiality signatures, apologies and information sent."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.fixtures import World
from tests.meetings.factories import create_meeting, now

API = "/api/v1/meetings"


def attendees(world: World) -> list[dict]:
    return [
        {
            "agency_id": world.agencies["police"].id,
            "name": "Insp. Priya Kaur",
            "role": "Chair",
            "confidentiality_signed": True,
        },
        {
            "agency_id": world.agencies["housing"].id,
            "name": "Tom Ellis",
            "role": "Tenancy officer",
            "confidentiality_signed": False,
        },
        {
            "name": "Dr Ann Lowe",
            "role": "University of Testshire",
            "status": "observer",
            "confidentiality_signed": True,
        },
        {
            "agency_id": world.agencies["childrens"].id,
            "name": "Sam Reid",
            "role": "Social worker",
            "status": "apology",
            "information_sent_at": (now() - timedelta(days=1)).isoformat(),
            "information_summary": "No open involvement with the household.",
        },
    ]


def test_attendance_is_recorded_with_the_panels_statement(client: TestClient, world: World) -> None:
    meeting = create_meeting(client, world)
    path = f"{API}/{meeting['id']}/attendance"
    h = world.headers("coordinator", **{"If-Match": meeting["etag"]})
    r = client.put(path, json={"attendees": attendees(world)}, headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["confidentiality_statement"].startswith("Information shared at this meeting")
    by_name = {a["attendee_name"]: a for a in body["attendees"]}
    assert by_name["Insp. Priya Kaur"]["signed_at"] is not None
    assert by_name["Tom Ellis"]["signed_at"] is None
    assert by_name["Dr Ann Lowe"]["status"] == "observer"
    assert by_name["Sam Reid"]["information_summary"].startswith("No open")
    first_signed = by_name["Insp. Priya Kaur"]["signed_at"]
    again = client.put(
        path,
        json={"attendees": attendees(world)},
        headers=world.headers("chair", **{"If-Match": r.headers["etag"]}),
    )
    assert again.status_code == 200
    kept = {a["attendee_name"]: a for a in again.json()["attendees"]}
    assert kept["Insp. Priya Kaur"]["signed_at"] == first_signed
    assert client.get(path, headers=world.headers("police_officer")).status_code == 403


def test_attendance_refuses_inconsistent_entries(client: TestClient, world: World) -> None:
    meeting = create_meeting(client, world)
    path = f"{API}/{meeting['id']}/attendance"
    h = world.headers("coordinator", **{"If-Match": meeting["etag"]})
    outsider = world.agencies["outsider"].id
    bad = [
        {"agency_id": outsider, "name": "A B", "role": "Nurse"},
        {"name": "A B", "role": "Nurse"},
        {
            "agency_id": world.agencies["police"].id,
            "name": "A B",
            "role": "PC",
            "status": "apology",
            "confidentiality_signed": True,
        },
        {
            "agency_id": world.agencies["police"].id,
            "name": "A B",
            "role": "PC",
            "information_summary": "x",
        },
    ]
    for attendee in bad:
        r = client.put(path, json={"attendees": [attendee]}, headers=h)
        assert r.status_code == 422, (attendee, r.text)
    assert client.put(path, json={"attendees": []}).status_code == 401
