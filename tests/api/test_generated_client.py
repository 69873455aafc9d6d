"""The partner flow, end to end, with nothing but a client generated from the served OpenAPI
document: post a referral (retried safely), list the agency's open actions, read one for
its ETag, report progress with If-Match and an Idempotency-Key (a retry is replayed once),
and return research. The client raises on any status the document does not declare, so
every answer here is one the document promises.

Before: generation dropped the minutes and scrutiny models (two schemas titled
``ActionOut``, two ``ReviewIn``), so the document could not be trusted as a partner's source.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from riskpanel.config import Settings
from riskpanel.models import ActionUpdate, Referral
from tests.actions.factories import list_at_meeting, make_action, make_case, make_meeting
from tests.api.generated_client import generate, operation
from tests.factories import refresh_view
from tests.fixtures import World
from tests.web.live import serve

pytestmark = pytest.mark.timeout(180)


def _referral(panel_id: int) -> dict[str, Any]:
    occurred = date.today() - timedelta(days=2)
    return {
        "panel_id": panel_id,
        "victim": {
            "given_name": "Priya",
            "family_name": "Chaudhry",
            "date_of_birth": "1979-06-14",
            "postcode": "TS2 7LB",
            "lawful_basis": "consent",
        },
        "incidents": [
            {
                "kind": "crime",
                "occurred_on": occurred.isoformat(),
                "reported_at": f"{occurred.isoformat()}T12:00:00+00:00",
                "strands": ["religion"],
                "perceived_by": "victim",
                "place": "Station Road",
                "description": "Headscarf pulled at the bus stop.",
            }
        ],
        "narrative": "Second incident this month at the same bus stop.",
        "why_answer": "Because I wear a headscarf.",
        "consent": {"victim_aware": True, "victim_consents": True},
    }


def test_the_partner_flow_runs_on_a_generated_client(
    app: FastAPI,
    world: World,
    engine: Engine,
    settings: Settings,
    session: Session,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    case = make_case(engine, world, referrer="police", state="listed")
    meeting_id = make_meeting(engine, world)
    list_at_meeting(engine, case_id=case.id, meeting_id=meeting_id)
    action = make_action(engine, world, settings, case_id=case.id)
    with serve(app) as base_url:
        document = httpx.get(f"{base_url}/api/v1/openapi.json", timeout=30)
        assert document.status_code == 200
        spec = document.json()
        package = generate(document.content, tmp_path_factory.getbasetemp() / "client")
        with package.AuthenticatedClient(
            base_url=base_url, token=world.tokens["police_system"], raise_on_unexpected_status=True
        ) as partner:
            _partner_flow(package, spec, partner, world, session, case.id, meeting_id, action)


def _partner_flow(
    package: Any,
    spec: dict[str, Any],
    partner: Any,
    world: World,
    session: Session,
    case_id: int,
    meeting_id: int,
    action: Any,
) -> None:
    """Only the generated client talks to riskpanel from here on."""

    def call(method: str, path: str, **kwargs: Any) -> Any:
        return operation(package, spec, method, path).sync_detailed(client=partner, **kwargs)

    _refer(package, spec, call, world, session)
    _report_progress(package, call, action.id, action.reference, session)
    _return_research(package, call, case_id, meeting_id)


def _refer(package: Any, spec: dict[str, Any], call: Any, world: World, session: Session) -> None:
    body_model = _model(package, spec, "post", "/api/v1/referrals")
    body = body_model.from_dict(_referral(world.panel.id or 0))
    first = call("post", "/api/v1/referrals", body=body, idempotency_key="ref-gen-0001")
    assert first.status_code == 201, first.content
    assert first.parsed.reference and first.parsed.status == "received"
    assert first.parsed.referring_agency_id == world.agencies["police"].id
    again = call("post", "/api/v1/referrals", body=body, idempotency_key="ref-gen-0001")
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.parsed.id == first.parsed.id
    refresh_view(session)
    stored = select(Referral).where(Referral.panel_id == world.panel.id, Referral.case_id == None)  # noqa: E711
    assert [r.reference for r in session.exec(stored).all()] == [first.parsed.reference]


def _report_progress(
    package: Any, call: Any, action_id: int, reference: str, session: Session
) -> None:
    listed = call("get", "/api/v1/actions", status="open")
    assert listed.status_code == 200
    assert [(a.id, a.reference, a.progress) for a in listed.parsed.items] == [
        (action_id, reference, "open")
    ]
    read = call("get", "/api/v1/actions/{action_id}", action_id=action_id)
    assert read.status_code == 200
    etag = read.headers["etag"]
    assert etag == read.parsed.etag
    update_model = package.models.ActionUpdateIn
    update = update_model.from_dict({"progress": "in_progress", "note": "Visit booked."})
    path = "/api/v1/actions/{action_id}/updates"
    stale = call("post", path, action_id=action_id, body=update, if_match='"action-1-v99"')
    assert stale.status_code == 412  # declared in the document, else the client raises
    posted = call(
        "post", path, action_id=action_id, body=update, if_match=etag, idempotency_key="upd-g1"
    )
    assert posted.status_code == 201, posted.content
    assert posted.parsed.progress == "in_progress"
    assert [(e.event, e.note) for e in posted.parsed.history] == [("in_progress", "Visit booked.")]
    assert posted.headers["etag"] != etag and "idempotent-replayed" not in posted.headers
    retried = call(
        "post", path, action_id=action_id, body=update, if_match=etag, idempotency_key="upd-g1"
    )
    assert retried.status_code == 201
    assert retried.headers["idempotent-replayed"] == "true"
    assert retried.content == posted.content
    refresh_view(session)
    assert (
        session.exec(
            select(func.count())
            .select_from(ActionUpdate)
            .where(ActionUpdate.action_id == action_id)
        ).one()
        == 1
    )


def _return_research(package: Any, call: Any, case_id: int, meeting_id: int) -> None:
    body = package.models.ResearchReturnIn.from_dict(
        {
            "meeting_id": meeting_id,
            "items": [{"kind": "fact", "text": "One call to the address logged in October."}],
            "withheld": [{"description": "Intelligence on a suspect", "reason": "Live inquiry"}],
        }
    )
    path = "/api/v1/cases/{case_id}/research"
    sent = call("post", path, case_id=case_id, body=body, idempotency_key="res-g1")
    assert sent.status_code == 201, sent.content
    assert (sent.parsed.case_id, sent.parsed.meeting_id) == (case_id, meeting_id)
    read = call("get", path, case_id=case_id)
    assert read.status_code == 200
    assert [[i.text for i in r.items] for r in read.parsed.items] == [
        ["One call to the address logged in October."]
    ]


def _model(package: Any, spec: dict[str, Any], method: str, path: str) -> Any:
    """The generated model of an operation's request body, by the schema it refers to."""
    ref = spec["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    return getattr(package.models, ref["$ref"].rsplit("/", 1)[1])


def test_generated_client_helper_refuses_a_document_the_generator_cannot_use(
    tmp_path: Path,
) -> None:
    """The check that would have failed before: two schemas with one title."""
    bad = (
        b'{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},'
        b' "components": {"schemas": {"a__X": {"title": "X", "type": "object"},'
        b' "b__X": {"title": "X", "type": "object"}}}}'
    )
    with pytest.raises(AssertionError, match="duplicate"):
        generate(bad, tmp_path / "bad")
