"""The referral form takes up to three incidents; errors land on the incident they are about."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import Incident, Referral
from tests.fixtures import World
from tests.web.helpers import Browser, summary_links, text
from tests.web.journeys import date_fields, referral_form


def _third(today: date, **extra: object) -> dict[str, object]:
    earlier = today - timedelta(days=40)
    return {
        "incidents[2].kind": "non_crime_hate_incident",
        **date_fields("incidents[2].occurred_on", earlier),
        **date_fields("incidents[2].reported_at", earlier),
        "incidents[2].perceived_by": "victim",
        "incidents[2].place": "Bus stop on Mill Lane",
        **extra,
    }


def test_the_form_offers_two_more_incidents_closed_until_used(
    browser: type[Browser], world: World
) -> None:
    page = browser("coordinator").get("/referrals/new")
    assert 'id="f-incidents-1-kind"' in page.text and 'id="f-incidents-2-strands"' in page.text
    assert '<details class="govuk-details" id="incident-2">' in page.text
    assert "Add incident 3 (optional)" in text(page.text)


def test_errors_on_a_later_incident_link_to_its_fields(
    browser: type[Browser], world: World, today: date
) -> None:
    coordinator = browser("coordinator")
    r = coordinator.post("/referrals/new", referral_form(**_third(today)))
    assert r.status_code == 422
    assert summary_links(r.text) == ["f-incidents-2-strands"]
    assert "Incident 3: select at least one hate crime strand" in text(r.text)
    assert '<details class="govuk-details" id="incident-3" open>' in r.text
    assert '<details class="govuk-details" id="incident-2">' in r.text  # left empty, closed
    assert 'value="Bus stop on Mill Lane"' in r.text
    r = coordinator.post(
        "/referrals/new",
        referral_form(**{"incidents[1].place": "Outside the shop", "incidents[1].online": "yes"}),
    )
    assert r.status_code == 422
    anchors = summary_links(r.text)
    assert anchors[:2] == ["f-incidents-1-occurred-on", "f-incidents-1-reported-at"]
    assert "f-incidents-1-kind" in anchors and "f-incidents-1-perceived-by" in anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in r.text, anchor
    assert "Select whether incident 2 was a crime or a non-crime hate incident" in text(r.text)


def test_a_referral_with_two_incidents(
    browser: type[Browser], world: World, engine: Engine, today: date
) -> None:
    coordinator = browser("coordinator")
    r = coordinator.post(
        "/referrals/new", referral_form(**_third(today, **{"incidents[2].strands": ["disability"]}))
    )
    assert r.status_code == 303, text(r.text)
    page = text(coordinator.get(r.headers["location"]).text)
    assert "Referral received" in page
    assert "Crime; Religion or belief" in page and "Non-crime hate incident; Disability" in page
    referral_id = int(re.findall(r"/referrals/(\d+)", r.headers["location"])[0])
    with Session(engine) as session:
        referral = session.get(Referral, referral_id)
        assert referral is not None
        rows = session.exec(select(Incident).where(col(Incident.referral_id) == referral_id)).all()
        assert sorted(i.kind for i in rows) == ["crime", "non_crime_hate_incident"]
        assert sorted(i.location or "" for i in rows) == ["", "Bus stop on Mill Lane"]
