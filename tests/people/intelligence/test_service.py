"""Intelligence: a perpetrator, place or account recurring across the panel's cases."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.fixtures import World
from tests.referrals.helpers import audit_events, incident, referred_case, victim

VICTIMS = [
    ("Amara", "Okonkwo", "1984-03-07"),
    ("Tomasz", "Wiśniewski", "1977-10-12"),
    ("Leyla", "Karimi", "1999-06-30"),
    ("Dev", "Patel", "1965-01-09"),
]
COLE = [
    {
        "known": True,
        "given_name": "Darren",
        "family_name": "Cole",
        "aliases": ["Daz"],
        "date_of_birth": "1996-04-18",
        "lives_nearby": True,
    },
    {"known": True, "given_name": "DARREN", "family_name": "COLE"},
    {"known": True, "given_name": "Daren", "family_name": "Cole", "date_of_birth": "1996-04-18"},
    {"known": True, "given_name": "Kyle", "family_name": "Brennan", "date_of_birth": "1990-02-02"},
]


def _cases(client: TestClient, world: World) -> list[int]:
    ids = []
    for i, ((given, family, dob), perp) in enumerate(zip(VICTIMS, COLE, strict=True)):
        place = "opp. the Co-op, High St" if i < 3 else "Library, Mill Lane"
        online = (
            {"online": True, "platform": "x.com", "handle": "@Leave_Now_UK"} if i in (0, 3) else {}
        )
        _, opened = referred_case(
            client,
            world,
            victim=victim(given=given, family=family, dob=dob, postcode=f"LS{i + 1} 1AA"),
            incidents=[incident(days_ago=3 + i, place=place, **online)],
            perpetrators=[perp],
        )
        ids.append(opened["case"]["id"])
    return ids


def test_perpetrator_named_in_other_cases_and_shared_places(
    client: TestClient, world: World, session: Session
) -> None:
    ids = _cases(client, world)
    r = client.get(f"/api/v1/cases/{ids[0]}/intelligence", headers=world.headers("coordinator"))
    assert r.status_code == 200, r.text
    body = r.json()
    [cole] = body["perpetrators"]
    assert cole["name"] == "Darren Cole"
    assert cole["other_case_count"] == 2
    assert {c["case_id"] for c in cole["other_cases"]} == {ids[1], ids[2]}
    assert "Darren Cole is named in 2 other case(s)" in body["summary"]
    [place] = body["locations"]
    assert place["key"] == "place:co op high street" and place["other_case_count"] == 2
    [account] = body["handles"]
    assert account["key"] == "x:leave_now_uk" and [
        c["case_id"] for c in account["other_cases"]
    ] == [ids[3]]
    unrelated = client.get(
        f"/api/v1/cases/{ids[3]}/intelligence", headers=world.headers("chair")
    ).json()
    assert unrelated["perpetrators"][0]["other_case_count"] == 0
    assert unrelated["locations"] == []
    events = audit_events(session, subject_type="case_intelligence")
    assert {e.action for e in events} == {"consultation", "combination"}
    assert sorted(events[0].detail["linked_case_ids"]) == sorted(ids[1:])


def test_intelligence_is_for_panel_roles_only(client: TestClient, world: World) -> None:
    _, opened = referred_case(client, world)
    url = f"/api/v1/cases/{opened['case']['id']}/intelligence"
    assert client.get(url, headers=world.headers("police_officer")).status_code == 403
    assert client.get(url, headers=world.headers("police_system")).status_code == 403
    assert (
        client.get(
            "/api/v1/cases/99999/intelligence", headers=world.headers("coordinator")
        ).status_code
        == 404
    )
