"""People matching: the same victim referred twice is suggested (never merged), different
people are not, and a coordinator's confirmation merges the records."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from riskpanel.models import Incident, Person, PersonMatch, Referral
from tests.fixtures import World
from tests.referrals.helpers import audit_events, post_referral, victim


def _refer(client: TestClient, world: World, actor: str = "police_system", **who: str) -> dict:
    r = post_referral(client, world, actor=actor, victim=victim(**who))
    assert r.status_code == 201, r.text
    return r.json()


def _matches(client: TestClient, world: World, person_id: int) -> list[dict]:
    r = client.get(f"/api/v1/people/{person_id}/matches", headers=world.headers("coordinator"))
    assert r.status_code == 200, r.text
    return r.json()["items"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            dict(given="Małgorzata", family="Kowalska", dob="1990-05-04", postcode="LS6 2AB"),
            dict(given="Gosia", family="Kowalska", dob="1990-05-04", postcode="LS6 2AB"),
        ),
        (
            dict(given="Mohammed", family="Hussain", dob="1985-04-05", postcode="BD8 7QT"),
            dict(given="Muhammad", family="Husain", dob="1985-05-04", postcode="BD8 7QT"),
        ),
        (
            dict(given="Siobhan", family="O'Brien-Walsh", dob="1972-09-30", postcode="M14 5RB"),
            dict(given="Siobhan", family="OBrien Walsh", dob="1972-09-30", postcode="M14 5RB"),
        ),
        (
            dict(given="Oluwaseun", family="Adebayo", dob="2001-01-17", postcode="E8 1DY"),
            dict(given="Adebayo", family="Oluwaseun", dob="2001-01-17", postcode="E8 1DY"),
        ),
        (
            dict(given="Priya", family="Sharma", dob="1995-12-03", postcode="LE4 6QT"),
            dict(given="Priya", family="Sharmaa", dob="1995-12-03", postcode="LE4 6QS"),
        ),
    ],
    ids=["familiar-form", "spelling-and-transposed-dob", "punctuation", "swapped", "typos"],
)
def test_name_variants_and_typos_are_suggested(
    client: TestClient, world: World, first: dict, second: dict
) -> None:
    a = _refer(client, world, **first)
    b = _refer(client, world, actor="housing_system", **second)
    [match] = _matches(client, world, b["victim"]["id"])
    assert match["other"]["id"] == a["victim"]["id"] and match["status"] == "suggested"
    assert match["score"] >= 0.8 and match["reasons"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            dict(given="Amara", family="Okonkwo", dob="1984-03-07", postcode="LS6 2AB"),
            dict(given="Amara", family="Okafor", dob="1991-08-19", postcode="N15 4JD"),
        ),
        (
            dict(given="Jan", family="Nowak", dob="1960-02-11", postcode="PE1 2RT"),
            dict(given="Zofia", family="Nowak", dob="1993-07-22", postcode="PE1 2RT"),
        ),
    ],
    ids=["same-first-name", "same-household-surname"],
)
def test_different_people_are_not_suggested(
    client: TestClient, world: World, first: dict, second: dict
) -> None:
    _refer(client, world, **first)
    b = _refer(client, world, **second)
    assert _matches(client, world, b["victim"]["id"]) == []


def test_confirm_merges_and_moves_links(client: TestClient, world: World, session: Session) -> None:
    a = _refer(client, world, given="Yusuf", family="Demir", dob="1988-06-01")
    b = _refer(client, world, given="Yousef", family="Demir", dob="1988-06-01")
    [match] = _matches(client, world, b["victim"]["id"])
    session.rollback()
    assert session.get(Person, b["victim"]["id"]).merged_into_id is None
    r = client.post(
        f"/api/v1/people/matches/{match['id']}/confirm", headers=world.headers("coordinator")
    )
    assert r.status_code == 200, r.text
    assert r.json()["surviving_person_id"] == a["victim"]["id"]
    assert r.json()["moved"]["referral.victim_person_id"] == 1
    session.rollback()
    merged = session.get(Person, b["victim"]["id"])
    survivor = session.get(Person, a["victim"]["id"])
    assert merged is not None and survivor is not None
    assert merged.merged_into_id == survivor.id and "Yousef Demir" in survivor.aliases
    assert session.get(Referral, b["id"]).victim_person_id == survivor.id
    incidents = session.exec(select(Incident).where(col(Incident.referral_id) == b["id"])).all()
    assert {i.victim_person_id for i in incidents} == {survivor.id}
    [event] = audit_events(session, action="combination")
    assert event.subject_type == "person" and event.detail["merged_person_id"] == merged.id
    again = client.post(
        f"/api/v1/people/matches/{match['id']}/reject", headers=world.headers("coordinator")
    )
    assert again.status_code == 409


def test_reject_keeps_both_and_is_audited(
    client: TestClient, world: World, session: Session
) -> None:
    _refer(client, world, given="Ekaterina", family="Ivanova", dob="1979-03-12")
    b = _refer(client, world, given="Katya", family="Ivanova", dob="1979-03-12")
    [match] = _matches(client, world, b["victim"]["id"])
    r = client.post(f"/api/v1/people/matches/{match['id']}/reject", headers=world.headers("chair"))
    assert r.status_code == 200 and r.json()["match"]["status"] == "rejected"
    session.rollback()
    assert session.get(PersonMatch, match["id"]).decided_by_user_id == world.users["chair"].id
    assert session.get(Person, b["victim"]["id"]).merged_into_id is None
    assert audit_events(session, subject_type="person_match", action="alteration")
    assert audit_events(session, subject_type="person_matches", action="consultation")


def test_matching_is_for_panel_roles_only(client: TestClient, world: World) -> None:
    b = _refer(client, world, given="Ahmet", family="Yilmaz", dob="1970-01-01")
    url = f"/api/v1/people/{b['victim']['id']}/matches"
    assert client.get(url, headers=world.headers("police_officer")).status_code == 403
    assert client.get(url, headers=world.headers("police_system")).status_code == 403
    assert (
        client.get("/api/v1/people/99999/matches", headers=world.headers("coordinator")).status_code
        == 404
    )
    assert (
        client.post(
            "/api/v1/people/matches/99999/confirm", headers=world.headers("coordinator")
        ).status_code
        == 404
    )
