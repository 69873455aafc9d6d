"""The case page shows an agency's assessment as that agency's view, beside the panel's level."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.fixtures import World
from tests.referrals.helpers import referred_case
from tests.web.helpers import Browser, text

HIGH = [
    {"question_id": q, "answer": "yes", "source": "police"}
    for q in ("getting_worse", "injured", "weapon", "home_attacked")
]
LOW = [{"question_id": "injured", "answer": "no", "source": "agency_record"}]


def test_case_page_labels_an_agency_view(
    browser: type[Browser], client: TestClient, world: World
) -> None:
    _, opened = referred_case(client, world)
    case_id = opened["case"]["id"]
    for actor, answers in (("coordinator", HIGH), ("police_system", LOW)):
        url = f"/api/v1/cases/{case_id}/assessments"
        r = client.post(url, json={"answers": answers}, headers=world.headers(actor))
        assert r.status_code == 201, r.text
    page = browser("coordinator").get(f"/cases/{case_id}")
    assert page.status_code == 200
    body = text(page.text)
    assert "Test Police's view: standard" in body
    assert "not the case's level" in body
    assert "High risk" in body
