"""Idempotency-Key on progress updates: replay, mismatch, scope, and concurrent twins."""

from __future__ import annotations

import threading
from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from riskpanel.config import Settings
from riskpanel.models import ActionUpdate, IdempotencyRecord, utcnow
from tests.actions.factories import MadeAction, make_action, make_case
from tests.factories import refresh_view
from tests.fixtures import World
from tests.statements import statements_sent

BODY = {"progress": "completed", "outcome": "Panic alarm fitted on 3 December."}


def _action(engine: Engine, world: World, settings: Settings) -> MadeAction:
    return make_action(engine, world, settings, case_id=make_case(engine, world).id)


def _post(client: TestClient, world: World, actor: str, action: MadeAction, body: dict, **h: str):
    return client.post(
        f"/api/v1/actions/{action.id}/updates", json=body, headers=world.headers(actor, **h)
    )


def _updates(session: Session, action: MadeAction) -> int:
    refresh_view(session)
    return session.exec(
        select(func.count()).select_from(ActionUpdate).where(ActionUpdate.action_id == action.id)
    ).one()


def test_same_key_and_body_replays_the_first_response(
    client: TestClient, engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    action = _action(engine, world, settings)
    headers = {"Idempotency-Key": "upd-0001", "If-Match": action.etag}
    first = _post(client, world, "police_system", action, BODY, **headers)
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    again = _post(client, world, "police_system", action, BODY, **headers)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["idempotent-replayed"] == "true"
    # replay is checked before If-Match: no header, or a stale one, still replays
    bare = _post(client, world, "police_system", action, BODY, **{"Idempotency-Key": "upd-0001"})
    assert bare.status_code == 201 and bare.json() == first.json()
    assert _updates(session, action) == 1
    record = session.exec(select(IdempotencyRecord)).one()
    assert record.expires_at - utcnow() > timedelta(hours=24)


def test_same_key_with_another_body_is_refused(
    client: TestClient, engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    action = _action(engine, world, settings)
    headers = {"Idempotency-Key": "upd-0002", "If-Match": action.etag}
    assert _post(client, world, "police_system", action, BODY, **headers).status_code == 201
    other = {**BODY, "note": "and something else"}
    r = _post(client, world, "police_system", action, other, **headers)
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "Idempotency-Key"
    second = _action(engine, world, settings)
    r = _post(client, world, "police_system", second, BODY, **headers)
    assert r.status_code == 422  # the key names one request, whatever the action
    assert _updates(session, action) == 1 and _updates(session, second) == 0


def test_keys_are_scoped_per_client(
    client: TestClient, engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    action = _action(engine, world, settings)
    headers = {"Idempotency-Key": "shared-key", "If-Match": action.etag}
    ack = {"progress": "acknowledged"}
    assert _post(client, world, "police_system", action, ack, **headers).status_code == 201
    # the same key from another client is that client's own key: not a replay
    r = _post(client, world, "police_officer", action, ack, **headers)
    assert r.status_code == 412
    assert _updates(session, action) == 1


def test_a_failed_request_keeps_no_key(
    client: TestClient, engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    action = _action(engine, world, settings)
    r = _post(client, world, "police_system", action, BODY, **{"Idempotency-Key": "k-428"})
    assert r.status_code == 428
    refresh_view(session)
    assert session.exec(select(IdempotencyRecord)).all() == []
    fixed = {"Idempotency-Key": "k-428", "If-Match": action.etag}
    assert _post(client, world, "police_system", action, BODY, **fixed).status_code == 201
    assert (
        _post(
            client, world, "police_system", action, BODY, **{"Idempotency-Key": "x" * 201}
        ).status_code
        == 422
    )


def test_concurrent_duplicates_record_one_update(
    app: FastAPI, engine: Engine, world: World, settings: Settings, session: Session
) -> None:
    """Separate clients (and so separate sessions) post the same key at the same moment."""
    action = _action(engine, world, settings)
    workers = 6
    barrier = threading.Barrier(workers)
    results: list[tuple[int, dict, str | None]] = []
    lock = threading.Lock()
    headers = world.headers(
        "police_system", **{"Idempotency-Key": "twin-0001", "If-Match": action.etag}
    )

    def run() -> None:
        with TestClient(app, raise_server_exceptions=False) as own:
            barrier.wait()
            r = own.post(f"/api/v1/actions/{action.id}/updates", json=BODY, headers=headers)
        with lock:
            results.append((r.status_code, r.json(), r.headers.get("etag")))

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == workers
    assert {status for status, _, _ in results} == {201}, results
    assert all(body == results[0][1] for _, body, _ in results)
    assert len({tag for _, _, tag in results}) == 1
    assert _updates(session, action) == 1


def test_a_fresh_key_is_written_with_its_answer(
    app: FastAPI, client: TestClient, engine: Engine, world: World, settings: Settings
) -> None:
    """SQLite's write transaction holds the one write lock from its first statement, so the
    key and its answer go in as one row; PostgreSQL claims the key first (INSERT ... ON
    CONFLICT DO NOTHING, no savepoint, no lookup before it) so a concurrent twin waits on
    it, then stores the answer."""
    action = _action(engine, world, settings)
    headers = {"Idempotency-Key": "once-0001", "If-Match": action.etag}
    with statements_sent(app.state.engine) as statements:
        assert _post(client, world, "police_system", action, BODY, **headers).status_code == 201
    keys = [s.split()[0] for s in statements if "idempotency_record" in s]
    savepoints = [s for s in statements if s.startswith("SAVEPOINT")]
    if engine.dialect.name == "sqlite":
        assert (keys, savepoints) == (["SELECT", "INSERT"], [])
    else:
        assert (keys, savepoints) == (["INSERT", "UPDATE"], [])
    with Session(engine) as fresh:
        stored = fresh.exec(select(IdempotencyRecord)).one()
    assert stored.status_code == 201 and stored.response_body["progress"] == "completed"
