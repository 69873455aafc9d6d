"""Synthetic referral payloads (Faker en_GB; names of many origins) and API shortcuts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from faker import Faker
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from riskpanel.models import AuditEvent
from tests.fixtures import World

fake = Faker("en_GB")
Faker.seed(2026)


def when(days_ago: int, hour: int = 10) -> datetime:
    moment = datetime.now(UTC) - timedelta(days=days_ago)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def reported_on(day: date) -> datetime:
    """Noon UTC on the day it happened, or a minute ago if that is still to come."""
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    return min(noon, datetime.now(UTC) - timedelta(minutes=1))


def incident(
    *,
    days_ago: int = 2,
    kind: str = "crime",
    strands: list[str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    occurred = date.today() - timedelta(days=days_ago)
    data: dict[str, Any] = {
        "kind": kind,
        "occurred_on": occurred.isoformat(),
        "reported_at": extra.pop("reported_at", reported_on(occurred).isoformat()),
        "district": "Testshire North",
        "ward": "Riverside",
        "place": extra.pop("place", f"{fake.street_name()}"),
        "strands": ["race"] if strands is None else strands,
        "perceived_by": "victim",
        "crime_reference": f"CR/{fake.random_int(10000, 99999)}/26" if kind == "crime" else None,
        "description": extra.pop("description", "Shouted at in the street."),
    }
    data.update(extra)
    return data


def victim(
    given: str = "Amara", family: str = "Okonkwo", dob: str = "1984-03-07", **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "given_name": given,
        "family_name": family,
        "date_of_birth": dob,
        "address_line": extra.pop("address_line", fake.street_address()),
        "postcode": extra.pop("postcode", "LS6 2AB"),
        "district": "Testshire North",
        "contact": {
            "phone": "07700 900123",
            "safe_to_contact": True,
            "preferences": {"method": "phone", "times": "after 6pm"},
        },
        "communication": {"language": "English", "interpreter_needed": False},
        "lawful_basis": "law_enforcement",
    }
    data.update(extra)
    return data


def payload(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "panel_id": world.panel.id,
        "victim": victim(),
        "household": {"children_present": False, "other_vulnerable_people": False},
        "incidents": [incident()],
        "perpetrators": [
            {
                "known": False,
                "is_group": True,
                "group_description": "Three teenagers",
                "lives_nearby": True,
            }
        ],
        "narrative": "The victim was called racist names by a group outside the shop.",
        "why_answer": "Because I am Black and they wanted me to leave the area.",
        "consent": {"victim_aware": True, "victim_consents": True},
    }
    data.update(overrides)
    return data


def post_referral(
    client: TestClient, world: World, actor: str = "police_system", **overrides: Any
) -> Any:
    return client.post(
        "/api/v1/referrals", json=payload(world, **overrides), headers=world.headers(actor)
    )


def fields_of(response: Any) -> list[str]:
    return [e["field"] for e in response.json().get("errors", [])]


def audit_events(session: Session, **where: Any) -> list[AuditEvent]:
    session.rollback()
    query = select(AuditEvent)
    for name, value in where.items():
        query = query.where(col(getattr(AuditEvent, name)) == value)
    return list(session.exec(query.order_by(col(AuditEvent.id))).all())


def screen(
    client: TestClient,
    world: World,
    referral_id: int,
    decision: str,
    *,
    etag: str | None = None,
    actor: str = "coordinator",
    **body: Any,
) -> Any:
    extra = {"If-Match": etag} if etag else {}
    return client.post(
        f"/api/v1/referrals/{referral_id}/screening",
        json={"decision": decision, **body},
        headers=world.headers(actor, **extra),
    )


def confirm_flags(client: TestClient, world: World, referral_id: int) -> Any:
    return client.post(
        f"/api/v1/referrals/{referral_id}/flag-decision",
        json={},
        headers=world.headers("coordinator"),
    )


def referred_case(client: TestClient, world: World, **overrides: Any) -> tuple[dict, dict]:
    """A referral posted by the police system and opened as a case (in screening)."""
    r = post_referral(client, world, **overrides)
    assert r.status_code == 201, r.text
    confirm_flags(client, world, r.json()["id"])
    opened = screen(client, world, r.json()["id"], "open_case")
    assert opened.status_code == 200, opened.text
    assert opened.json()["case"]["state"] == "screening"
    return r.json(), opened.json()


def age_case(session: Session, case_id: int, *, state: str, months_ago: int) -> None:
    """Move a case on in time: its last referral ``months_ago`` months back, in ``state``."""
    from riskpanel.models import Case, Incident, Referral

    session.rollback()
    case = session.get(Case, case_id)
    assert case is not None
    back = timedelta(days=int(months_ago * 30.5))
    case.state, case.last_referral_at = state, case.last_referral_at - back
    for referral in session.exec(select(Referral).where(col(Referral.case_id) == case_id)):
        referral.received_at -= back
        session.add(referral)
    for row in session.exec(select(Incident).where(col(Incident.case_id) == case_id)):
        row.occurred_on -= back
        row.reported_at -= back
        session.add(row)
    session.add(case)
    session.commit()
