"""The API's action list from plain rows (`projections.listed`) against the mapped-object
shaping the web's list uses (`projections.summaries`): the same bytes, for an agency and
for a panel role, with an action that has progressed (outcome, new version, ETag)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.access.credentials import authenticate_bearer
from riskpanel.actions.projections import summaries
from riskpanel.actions.schemas import ActionPage
from riskpanel.config import Settings
from riskpanel.models import Action, Case
from tests.actions.factories import make_action, make_case
from tests.factories import refresh_view
from tests.fixtures import World

API = "/api/v1/actions"


@pytest.mark.parametrize("actor", ["coordinator", "police_system"])
def test_the_list_from_rows_is_the_list_from_objects(
    client: TestClient,
    engine: Engine,
    session: Session,
    world: World,
    settings: Settings,
    actor: str,
) -> None:
    case = make_case(engine, world)
    done = make_action(engine, world, settings, case_id=case.id, agency="police")
    make_action(engine, world, settings, case_id=case.id, agency="police")
    make_action(engine, world, settings, case_id=case.id, agency="housing")
    body = {"progress": "completed", "outcome": "Alarm fitted."}
    headers = world.headers("police_system", **{"If-Match": done.etag})
    assert client.post(f"{API}/{done.id}/updates", json=body, headers=headers).status_code == 201
    r = client.get(API, headers=world.headers(actor))
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    first = next(i for i in items if i["id"] == done.id)
    assert first["etag"] == f'"action-{done.id}-v2"' and first["outcome"] == "Alarm fitted."
    assert len(items) == (3 if actor == "coordinator" else 2)
    assert ("agency_name" in first) == (actor == "coordinator")
    refresh_view(session)
    principal = authenticate_bearer(
        session=session, token=world.tokens[actor], key=settings.secret_key
    )
    mapped = session.exec(
        select(Action, Case.reference)
        .join(Case, col(Case.id) == col(Action.case_id))
        .where(col(Action.id).in_([i["id"] for i in items]))
        .order_by(col(Action.id))
    ).all()
    expected = ActionPage(items=summaries(session, principal, mapped), next_cursor=None)
    assert expected.model_dump_json(by_alias=True).encode() == r.content


def test_the_csv_export_still_names_the_agency_for_the_panel(
    client: TestClient, engine: Engine, world: World, settings: Settings
) -> None:
    case = make_case(engine, world)
    action = make_action(engine, world, settings, case_id=case.id, agency="housing")
    r = client.get(f"{API}.csv", headers=world.headers("coordinator"))
    assert r.status_code == 200, r.text
    header, row = r.text.splitlines()[:2]
    assert header.split(",")[6] == "agency_name"
    assert row.split(",")[0] == str(action.id) and row.split(",")[6] == "Test Housing"
    assert row.endswith(f'"""action-{action.id}-v1"""')
