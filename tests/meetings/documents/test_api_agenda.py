"""The agenda PDF: marking and page numbers on every page, cases in DOMAIN order, no names,
hostile text escaped, and every download logged as a disclosure with its SHA-256."""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session, select

from riskpanel.models import AuditEvent, Panel
from riskpanel.panels.schemas import PanelCreate
from tests.fixtures import World
from tests.meetings.factories import create_meeting, make_case, pdf_pages

API = "/api/v1/meetings"
HOSTILE = '<script>alert("x")</script><img src="http://evil.example/x.png"> & <b>bold</b>'


def _build(client: TestClient, world: World, engine: Engine, cases: int = 14) -> tuple[dict, list]:
    made = [
        make_case(
            engine,
            world,
            risk=("high", "medium", "standard")[i % 3],
            children=i % 4 == 0,
            referred_days_ago=20 + i,
            narrative=HOSTILE,
        )
        for i in range(cases)
    ]
    meeting = create_meeting(client, world, days_ahead=4)
    proposal = client.get(
        f"{API}/{meeting['id']}/agenda/proposal", headers=world.headers("coordinator")
    ).json()
    items = [
        {k: i[k] for k in ("section", "case_id", "slot_minutes")} | {"position": n}
        for n, i in enumerate(proposal["items"], start=1)
    ]
    items.append({"section": "any_other_business", "position": 99, "title": HOSTILE})
    r = client.put(
        f"{API}/{meeting['id']}/agenda",
        json={"items": items},
        headers=world.headers("coordinator", **{"If-Match": meeting["etag"]}),
    )
    assert r.status_code == 200, r.text
    return meeting, made


def test_agenda_pdf_pages_order_escaping_and_disclosure(
    client: TestClient, world: World, engine: Engine
) -> None:
    meeting, made = _build(client, world, engine)
    r = client.get(f"{API}/{meeting['id']}/agenda.pdf", headers=world.headers("coordinator"))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    pages = pdf_pages(r.content)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "OFFICIAL-SENSITIVE" in page
        assert f"Page {number} of {len(pages)}" in page
    text = " ".join(pages)
    by_ref = {c.reference: c for c in made}
    printed = sorted(by_ref, key=lambda ref: text.rindex(ref))
    children = [c for c in made if made.index(c) % 4 == 0]
    assert {by_ref[ref].id for ref in printed[: len(children)]} == {c.id for c in children}
    for case in made:
        assert case.family_name not in text
        assert case.given_name not in text
    assert '<script>alert("x")</script>' in text  # printed as text, never run as markup
    sha = hashlib.sha256(r.content).hexdigest()
    assert r.headers["x-content-sha256"] == sha
    with Session(engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "disclosure")).all()
    assert len(events) == 1
    assert events[0].detail["sha256"] == sha
    assert events[0].subject_type == "meeting_agenda"
    members = sorted(f"agency:{a.id}" for k, a in world.agencies.items() if k != "outsider")
    assert events[0].recipients == members
    assert sorted(events[0].detail["case_ids"]) == sorted(c.id for c in made)


def test_agenda_pdf_is_cached_and_agencies_get_their_own_disclosure(
    client: TestClient, world: World, engine: Engine
) -> None:
    meeting, _ = _build(client, world, engine, cases=2)
    first = client.get(f"{API}/{meeting['id']}/agenda.pdf", headers=world.headers("coordinator"))
    second = client.get(
        f"{API}/{meeting['id']}/agenda.pdf", headers=world.headers("housing_officer")
    )
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    outsider = client.get(
        f"{API}/{meeting['id']}/agenda.pdf", headers=world.headers("outsider_officer")
    )
    assert outsider.status_code == 404
    with Session(engine) as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "disclosure").order_by(AuditEvent.id)
        ).all()
    assert [e.recipients for e in events][1] == [f"agency:{world.agencies['housing'].id}"]
    assert events[0].detail["sha256"] == events[1].detail["sha256"]


def test_a_panel_without_a_statement_of_its_own_prints_the_default(
    client: TestClient, world: World, engine: Engine
) -> None:
    """Panels made before the statement was required hold an empty one; their papers were
    refused with a 500 (found by the canary test): they now carry the default words."""
    with Session(engine) as session:
        panel = session.get(Panel, world.panel.id)
        assert panel is not None
        panel.confidentiality_statement = ""
        session.add(panel)
        session.commit()
    meeting, _ = _build(client, world, engine, cases=1)
    r = client.get(f"{API}/{meeting['id']}/agenda.pdf", headers=world.headers("coordinator"))
    assert r.status_code == 200, r.text
    text = " ".join(" ".join(pdf_pages(r.content)).split())
    assert "Information shared at this meeting is confidential." in text
    with pytest.raises(ValidationError, match="confidentiality_statement"):
        PanelCreate(name="Panel", area="Area", confidentiality_statement="")
