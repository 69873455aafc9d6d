"""The structured dip-sample review through the API: member -> coordinator -> member, the
rules on who may write and read, one assessment per member per summary, and no edit after
the coordinator's answer."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from riskpanel.config import Settings
from riskpanel.models import AuditEvent, Panel, ScrutinyAssessment
from tests.fixtures import World
from tests.scrutiny import flow
from tests.scrutiny.feedback.assessments import BASE, GOOD, assess, member, released


def _audited(session: Session, action: str) -> int:
    query = select(AuditEvent).where(
        col(AuditEvent.subject_type) == "scrutiny_assessment", col(AuditEvent.action) == action
    )
    return len(session.exec(query).all())


def test_round_trip_member_coordinator_member(
    client: TestClient, world: World, session: Session
) -> None:
    pack, _, shown = released(session, world, client)
    me, coordinator = world.headers("scrutiny"), world.headers("coordinator")
    sid = shown[0]["id"]
    assert client.get(f"{BASE}/summaries/{sid}/assessment", headers=me).status_code == 404

    r = assess(client, me, sid)
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["editable"] and not first["answered"]
    assert first["member"] is None and first["source_case_id"] is None
    r = assess(client, me, sid, overall="needs_improvement", comment="Changed my mind.")
    assert r.status_code == 200 and r.json()["id"] == first["id"]
    rows = session.exec(select(ScrutinyAssessment)).all()
    assert len(rows) == 1 and rows[0].overall == "needs_improvement"
    assert rows[0].comment == "Changed my mind."

    panel_view = client.get(f"{BASE}/assessments?answered=false", headers=coordinator).json()
    item = next(i for i in panel_view["items"] if i["id"] == first["id"])
    assert item["member"] == "Scrutiny" and item["source_case_id"]
    assert item["pack_id"] == pack["id"] and item["overall"] == "needs_improvement"

    url = f"{BASE}/assessments/{first['id']}/response"
    chair = client.post(url, json={"response": "x"}, headers=world.headers("chair"))
    assert chair.status_code == 403
    r = client.post(url, json={"response": "Support referral now checked."}, headers=coordinator)
    assert r.status_code == 200 and r.json()["answered"] and not r.json()["editable"]
    again = client.post(url, json={"response": "again"}, headers=coordinator)
    assert again.status_code == 409

    late = assess(client, me, sid, overall="good")
    assert late.status_code == 409
    assert late.headers["content-type"].startswith("application/problem+json")
    session.rollback()  # a fresh read, not the snapshot the test's session began with
    assert session.exec(select(ScrutinyAssessment)).one().overall == "needs_improvement"

    mine = client.get(f"{BASE}/summaries/{sid}/assessment", headers=me).json()
    assert mine["response"] == "Support referral now checked." and mine["source_case_id"] is None
    listed = client.get(f"{BASE}/assessments", headers=me).json()["items"]
    assert [i["response"] for i in listed] == ["Support referral now checked."]

    for headers in (me, coordinator):
        said = client.get(f"{BASE}/you-said-we-did", headers=headers).json()["packs"]
        assert [p["pack_id"] for p in said] == [pack["id"]]
        action = said[0]["actions"][0]
        assert action["said"] == "Changed my mind." and action["did"].startswith("Support")
        assert "member" not in action and "source_case_id" not in action
    session.rollback()
    assert _audited(session, "collection") == 1
    assert _audited(session, "alteration") == 2  # the edit and the answer
    assert _audited(session, "consultation") >= 5


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kept_informed": "maybe"}, "kept_informed"),
        ({"overall": "excellent"}, "overall"),
        ({"comment": "x" * 2001}, "comment"),
        ({"response_timely": None}, "response_timely"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_invalid_answers_name_the_field(
    client: TestClient,
    world: World,
    session: Session,
    change: dict[str, object],
    field: str,
) -> None:
    _, _, shown = released(session, world, client)
    body = {**GOOD, **change}
    session.rollback()
    r = client.put(
        f"{BASE}/summaries/{shown[0]['id']}/assessment",
        json=body,
        headers=world.headers("scrutiny"),
    )
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert field in [e["field"] for e in r.json()["errors"]]
    assert session.exec(select(ScrutinyAssessment)).all() == []


def test_response_must_not_be_empty(client: TestClient, world: World, session: Session) -> None:
    _, _, shown = released(session, world, client)
    made = assess(client, world.headers("scrutiny"), shown[0]["id"]).json()
    r = client.post(
        f"{BASE}/assessments/{made['id']}/response",
        json={"response": ""},
        headers=world.headers("coordinator"),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "response"


def test_one_assessment_per_member_per_summary(
    client: TestClient, world: World, session: Session, settings: Settings
) -> None:
    _, _, shown = released(session, world, client)
    _, other = member(session, settings, "second member")
    for headers in (world.headers("scrutiny"), other):
        assert assess(client, headers, shown[0]["id"]).status_code == 201
        assert assess(client, headers, shown[0]["id"]).status_code == 200
        assert assess(client, headers, shown[1]["id"]).status_code == 201
    session.rollback()
    assert len(session.exec(select(ScrutinyAssessment)).all()) == 4
    row = session.exec(select(ScrutinyAssessment)).first()
    assert row is not None
    twin = ScrutinyAssessment.model_validate({**row.model_dump(exclude={"id"}), "comment": "twin"})
    session.add(twin)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_who_may_write_and_read(
    client: TestClient, world: World, session: Session, settings: Settings
) -> None:
    pack, _, shown = released(session, world, client)
    sid = shown[0]["id"]
    made = assess(client, world.headers("scrutiny"), sid).json()
    for actor in ("police_officer", "outsider_officer", "police_system", "coordinator", "chair"):
        assert assess(client, world.headers(actor), sid).status_code == 403, actor
    for actor in ("police_officer", "police_system", "auditor"):
        headers = world.headers(actor)
        for path in (
            "/assessments",
            f"/packs/{pack['id']}/assessment-figures",
            "/you-said-we-did",
            f"/summaries/{sid}/assessment",
        ):
            assert client.get(BASE + path, headers=headers).status_code == 403, (actor, path)
        r = client.post(
            f"{BASE}/assessments/{made['id']}/response", json={"response": "x"}, headers=headers
        )
        assert r.status_code == 403

    other_panel = Panel(name="Other Panel", area="Elsewhere")
    session.add(other_panel)
    session.commit()
    _, stranger = member(session, settings, "stranger", panel_id=other_panel.id)
    assert assess(client, stranger, sid).status_code == 404
    assert client.get(f"{BASE}/summaries/{sid}/assessment", headers=stranger).status_code == 404
    assert client.get(f"{BASE}/assessments", headers=stranger).json()["items"] == []
    assert client.get(f"{BASE}/you-said-we-did", headers=stranger).json()["packs"] == []
    figures = client.get(f"{BASE}/packs/{pack['id']}/assessment-figures", headers=stranger)
    assert figures.status_code == 404
    # A second member does not see the first one's assessment.
    _, second = member(session, settings, "second member")
    assert client.get(f"{BASE}/assessments", headers=second).json()["items"] == []
    assert client.get(f"{BASE}/summaries/{sid}/assessment", headers=second).status_code == 404


def test_only_released_shown_summaries(client: TestClient, world: World, session: Session) -> None:
    pack, _, _ = released(session, world, client)
    draft = flow.create_pack(client, world)
    me = world.headers("scrutiny")
    assert assess(client, me, draft["summaries"][0]["id"]).status_code == 404
    for s in pack["summaries"]:
        if s["withheld"]:
            assert assess(client, me, s["id"]).status_code == 404
    assert assess(client, me, 999999).status_code == 404
