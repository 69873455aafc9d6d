"""A referral is read by its agency under the same limits as the case it became.

The referring agency reads its referral while it could read the case: not once the case
has been closed for longer than the access window, not while its information-sharing
agreement is not in force, and not once the case has been erased. The list follows suit.
"""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from riskpanel.config import Settings
from riskpanel.models import Case, utcnow
from tests.actions.factories import update_agency
from tests.fixtures import World
from tests.referrals.helpers import post_referral, referred_case


def _reads(client: TestClient, world: World, referral_id: int, actor: str) -> tuple[int, bool]:
    one = client.get(f"/api/v1/referrals/{referral_id}", headers=world.headers(actor))
    listed = client.get("/api/v1/referrals", headers=world.headers(actor))
    assert listed.status_code == 200, listed.text
    return one.status_code, referral_id in [r["id"] for r in listed.json()["items"]]


def _set_case(engine: Engine, case_id: int, **fields: object) -> None:
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        for key, value in fields.items():
            setattr(case, key, value)
        session.add(case)
        session.commit()


def test_closed_beyond_the_window_ends_the_referral_read(
    client: TestClient, world: World, engine: Engine, settings: Settings
) -> None:
    referral, opened = referred_case(client, world)
    rid, case_id = referral["id"], opened["case"]["id"]
    for actor in ("police_system", "police_officer"):
        assert _reads(client, world, rid, actor) == (200, True)
    days = settings.agency_access_days_after_closure
    _set_case(engine, case_id, state="closed", closed_at=utcnow() - timedelta(days=days - 1))
    assert _reads(client, world, rid, "police_system") == (200, True)
    _set_case(engine, case_id, closed_at=utcnow() - timedelta(days=days + 1))
    for actor in ("police_system", "police_officer"):
        assert _reads(client, world, rid, actor) == (404, False)
    assert _reads(client, world, rid, "coordinator") == (200, True)


def test_an_expired_agreement_ends_the_referral_read(
    client: TestClient, world: World, engine: Engine
) -> None:
    made = post_referral(client, world)
    assert made.status_code == 201, made.text
    rid = made.json()["id"]
    assert _reads(client, world, rid, "police_officer") == (200, True)
    update_agency(engine, world, "police", isa_expires_on=date.today() - timedelta(days=1))
    for actor in ("police_system", "police_officer"):
        assert _reads(client, world, rid, actor) == (404, False)


def test_an_erased_case_ends_the_referral_read(
    client: TestClient, world: World, engine: Engine
) -> None:
    referral, opened = referred_case(client, world)
    _set_case(engine, opened["case"]["id"], erased_at=utcnow())
    assert _reads(client, world, referral["id"], "police_system") == (404, False)
