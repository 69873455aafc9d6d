"""Minutes and agency extract PDFs: fact apart from opinion, hostile text escaped, an
extract with none of another agency's actions, and who may fetch which extract."""

from __future__ import annotations

import hashlib

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import AuditEvent
from tests.fixtures import World
from tests.meetings.factories import pdf_pages
from tests.meetings.flow import (
    API,
    actions_agreed,
    held_meeting_with_cases,
    minutes_etag,
    put_minutes,
)

HOSTILE = '<script>alert("pwned")</script><iframe src="file:///etc/passwd"></iframe>'


def _minuted(client: TestClient, world: World, engine: Engine) -> tuple[dict, list]:
    meeting, cases = held_meeting_with_cases(
        client, world, engine, {"children": True, "risk": "medium"}, {"risk": "high"}
    )
    first = actions_agreed(world, "police", "housing")
    first["information"].append(
        {"agency_id": world.agencies["victim_support"].id, "kind": "fact", "text": HOSTILE}
    )
    assert put_minutes(client, world, meeting["id"], cases[0].id, first).is_success
    second = actions_agreed(world, "housing")
    second["actions"][0]["description"] = "Housing: fit CCTV " + HOSTILE
    assert put_minutes(client, world, meeting["id"], cases[1].id, second).is_success
    return meeting, cases


def test_minutes_pdf_draft_then_approved(client: TestClient, world: World, engine: Engine) -> None:
    meeting, cases = _minuted(client, world, engine)
    path = f"{API}/{meeting['id']}/minutes.pdf"
    r = client.get(path, headers=world.headers("coordinator"))
    assert r.status_code == 200, r.text
    pages = pdf_pages(r.content)
    for number, page in enumerate(pages, start=1):
        assert "OFFICIAL-SENSITIVE" in page and f"Page {number} of {len(pages)}" in page
    text = " ".join(pages)
    assert "DRAFT" in text
    assert HOSTILE in text
    assert "Information shared: fact" in text and "Information shared: opinion" in text
    fact, opinion = text.index("Three reported incidents"), text.index("The officer believes")
    assert fact < opinion
    assert text.index(cases[0].reference) < text.index(cases[1].reference)  # children first
    assert "Ade Bello" in text and "Children known to early help" in text  # apology + info sent
    assert "Kim Lane" in text  # observer
    for case in cases:
        assert case.family_name not in text
    # agencies only ever get approved minutes
    assert client.get(path, headers=world.headers("police_officer")).status_code == 404
    tag = minutes_etag(client, world, meeting["id"])
    approved = client.post(
        f"{API}/{meeting['id']}/minutes/approve",
        headers=world.headers("chair", **{"If-Match": tag}),
    )
    assert approved.status_code == 200, approved.text
    r2 = client.get(path, headers=world.headers("police_officer"))
    assert r2.status_code == 200
    text2 = " ".join(pdf_pages(r2.content))
    assert "DRAFT" not in text2 and "Approved by chair" in text2
    with Session(engine) as session:
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.action == "disclosure", AuditEvent.subject_type == "meeting_minutes")
            .order_by(col(AuditEvent.id))
        ).all()
    assert [e.detail["sha256"] for e in events] == [
        hashlib.sha256(r.content).hexdigest(),
        hashlib.sha256(r2.content).hexdigest(),
    ]
    assert events[1].recipients == [f"agency:{world.agencies['police'].id}"]
    assert events[1].detail["status"] == "approved"


def test_extract_has_only_that_agencys_actions(
    client: TestClient, world: World, engine: Engine
) -> None:
    meeting, cases = _minuted(client, world, engine)
    police_id, housing_id = world.agencies["police"].id, world.agencies["housing"].id
    police = client.get(
        f"{API}/{meeting['id']}/agencies/{police_id}/extract.pdf",
        headers=world.headers("police_officer"),
    )
    assert police.status_code == 200, police.text
    text = " ".join(pdf_pages(police.content))
    assert "OFFICIAL-SENSITIVE" in text
    assert "police action 1" in text
    assert "housing action" not in text and "fit CCTV" not in text
    assert cases[0].reference in text and cases[1].reference not in text
    assert "Three reported incidents" not in text  # no information shared, only actions
    assert cases[0].family_name not in text and cases[0].initials not in text.split()
    housing_by_police = client.get(
        f"{API}/{meeting['id']}/agencies/{housing_id}/extract.pdf",
        headers=world.headers("police_officer"),
    )
    assert housing_by_police.status_code == 404
    housing = client.get(
        f"{API}/{meeting['id']}/agencies/{housing_id}/extract.pdf",
        headers=world.headers("coordinator"),
    )
    assert housing.status_code == 200
    htext = " ".join(pdf_pages(housing.content))
    # Printed as text, not markup; a narrow column may wrap it, so compare without spaces.
    assert "fit CCTV" in htext and HOSTILE.replace(" ", "") in htext.replace(" ", "")
    assert "police action" not in htext
    outsider = world.agencies["outsider"].id
    assert (
        client.get(
            f"{API}/{meeting['id']}/agencies/{outsider}/extract.pdf",
            headers=world.headers("outsider_officer"),
        ).status_code
        == 404
    )
    with Session(engine) as session:
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.subject_type == "meeting_agency_extract")
            .order_by(col(AuditEvent.id))
        ).all()
    assert [e.recipients for e in events] == [[f"agency:{police_id}"], [f"agency:{housing_id}"]]
    assert events[0].detail["sha256"] == hashlib.sha256(police.content).hexdigest()
    assert all(e.action == "disclosure" and e.purpose == "action_tracking" for e in events)
