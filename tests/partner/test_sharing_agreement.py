"""What the partner guide says about a sharing agreement: an agency that is a member of the
panel but has none in force may post referrals, and then sees nothing (not even them)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from riskpanel.agencies.schemas import AgencyCreate
from riskpanel.agencies.service import create_agency
from riskpanel.auth import service as auth
from riskpanel.config import Settings
from riskpanel.models import Notification, PanelMembership, Referral
from riskpanel.models.enums import AgencyKind
from tests.factories import refresh_view
from tests.fixtures import World
from tests.referrals.helpers import payload


def test_a_member_without_an_agreement_refers_then_sees_nothing(
    client: TestClient, engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    with Session(engine, expire_on_commit=False) as s:
        agency = create_agency(
            session=s,
            data=AgencyCreate(
                name="Test Newcomer", kind=AgencyKind.HOUSING, contact_email="new@agency.example"
            ),
        )
        s.add(PanelMembership(panel_id=world.panel.id or 0, agency_id=agency.id or 0))
        _, key = auth.issue_agency_key(
            session=s, agency_id=agency.id or 0, key=settings.secret_key, name="x", expires_at=None
        )
        s.commit()
    headers = {"Authorization": f"Bearer {key}"}
    posted = client.post("/api/v1/referrals", json=payload(world), headers=headers)
    assert posted.status_code == 201, posted.text
    referral_id = posted.json()["id"]
    refresh_view(session)
    stored = session.exec(select(Referral).where(Referral.id == referral_id)).one()
    assert stored.referring_agency_id == agency.id  # the panel received it
    assert client.get(f"/api/v1/referrals/{referral_id}", headers=headers).status_code == 404
    for path in ("/api/v1/referrals", "/api/v1/cases", "/api/v1/actions", "/api/v1/research/due"):
        listed = client.get(path, headers=headers)
        assert listed.status_code == 200, path
        assert listed.json()["items"] == [], path
    csv = client.get("/api/v1/actions.csv", headers=headers)
    assert csv.text.strip().count("\n") == 0  # the header row only
    assert client.get("/api/v1/risk/checklist", headers=headers).status_code == 200
    assert session.exec(select(Notification).where(Notification.agency_id == agency.id)).all() == []
