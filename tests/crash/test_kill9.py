"""kill -9 the server, again and again, while partners post action updates.

Every update the server acknowledged (201) must be in the database afterwards, exactly
once, with its audit row; no update may be half-written (an action whose version or
status disagrees with its updates, an idempotency key claimed but never answered); on
SQLite the file must pass `PRAGMA integrity_check`. The server is restarted after each
kill, the way systemd would restart it, and must come up clean every time.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import sqlite3
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, col, select

from riskpanel.actions.projections import action_etag
from riskpanel.config import Settings
from riskpanel.db import dispose_engines
from riskpanel.models import Action, ActionUpdate, AuditEvent, IdempotencyRecord
from tests.actions.factories import MadeAction, make_action, make_case
from tests.conftest import BACKEND
from tests.crash.conftest import SUMMARY
from tests.crash.harness import GIVE_UP_AFTER, Partner, Server, Tally
from tests.factories import refresh_view
from tests.fixtures import World

pytestmark = [pytest.mark.crash, pytest.mark.timeout(900)]
KILLS = int(os.environ.get("RISKPANEL_CRASH_KILLS", "5"))
PARTNERS, ACTIONS_EACH = 6, 2


def _let_them_write(tally: Tally, rng: random.Random) -> None:
    """Wait until updates are flowing, then a random while more: the kill lands mid-stream."""
    start, deadline = tally.acked(), time.monotonic() + 60
    while tally.acked() < start + 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(rng.uniform(0.2, 1.2))


def _through_api(server: Server, world: World, actions: list[MadeAction]) -> dict[int, Any]:
    """What the restarted server says about each action, to compare with its tables."""
    headers = world.headers("police_system")
    with httpx.Client(base_url=server.base, headers=headers, timeout=30) as http:
        answers = {a.id: http.get(f"/api/v1/actions/{a.id}") for a in actions}
    return {
        i: (r.status_code, r.headers.get("etag"), len(r.json().get("history", [])))
        for i, r in answers.items()
    }


def _idle_in_transaction(session: Session) -> int:
    """Backends of killed servers that still hold a transaction open (PostgreSQL)."""
    return int(
        session.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    )


def _run(
    settings: Settings, world: World, actions: list[MadeAction], session: Session, seed: int
) -> tuple[Tally, Server, dict[int, Any], int]:
    """Kill and restart the server while partners write; then read back through the API
    and (PostgreSQL) look for transactions the killed servers left open."""
    rng, tally = random.Random(seed), Tally()
    server = Server(settings, Path(str(settings.data_dir)).parent / "serve.log")
    server.start()
    token = world.tokens["police_system"]
    partners = [
        Partner(
            f"partner-{i}",
            server.base,
            token,
            {a.id: a.etag for a in actions[i * ACTIONS_EACH : (i + 1) * ACTIONS_EACH]},
            tally,
        )
        for i in range(PARTNERS)
    ]
    try:
        for partner in partners:
            partner.start()
        for _ in range(KILLS):
            _let_them_write(tally, rng)
            server.kill9()
            time.sleep(rng.uniform(0.0, 0.3))  # down for a moment: clients are refused
            server.start()
        _let_them_write(tally, rng)  # and it works after the last restart
        for partner in partners:
            partner.stopping.set()
        for partner in partners:
            partner.join(GIVE_UP_AFTER + 10)
        api = _through_api(server, world, actions)
        idle = _idle_in_transaction(session) if BACKEND == "postgresql" else 0
        return tally, server, api, idle
    finally:
        for partner in partners:
            partner.stopping.set()
        server.stop()


def _audit_counts(session: Session, ids: list[int]) -> tuple[Counter[int], set[str]]:
    events = session.exec(
        select(AuditEvent).where(
            AuditEvent.subject_type == "action",
            AuditEvent.action == "alteration",
            col(AuditEvent.subject_id).in_([str(i) for i in ids]),
        )
    ).all()
    return Counter(int(e.subject_id or 0) for e in events), {e.request_id or "" for e in events}


def _problems(
    session: Session, actions: list[MadeAction], tally: Tally, api: dict[int, Any]
) -> list[str]:
    refresh_view(session)
    ids = [a.id for a in actions]
    updates = session.exec(select(ActionUpdate).where(col(ActionUpdate.action_id).in_(ids))).all()
    rows = {u.id: u for u in updates}
    notes = Counter(u.note for u in updates)
    problems = [f"lost: {a.note} ({a.key})" for a in tally.acks if notes[a.note] == 0]
    problems += [f"recorded {n} times: {note}" for note, n in notes.items() if n > 1]
    problems += [f"never sent: {u.note}" for u in updates if u.note not in tally.sent_notes]
    problems += [
        f"ack names update {a.update_id}, which is not {a.note}"
        for a in tally.acks
        if a.update_id not in rows or rows[a.update_id].note != a.note
    ]
    records = session.exec(select(IdempotencyRecord)).all()
    answered = {r.idempotency_key: r.status_code for r in records}
    problems += [f"key claimed, never answered: {k}" for k, s in answered.items() if s == 0]
    problems += [f"no stored answer for {a.key}" for a in tally.acks if answered.get(a.key) != 201]
    audited, request_ids = _audit_counts(session, ids)
    per_action = Counter(u.action_id for u in updates)
    problems += [
        f"action {i}: {per_action[i]} updates but {audited[i]} audit rows"
        for i in ids
        if per_action[i] != audited[i]
    ]
    problems += [
        f"no audit row for request {a.request_id}"
        for a in tally.acks
        if not a.replayed and a.request_id not in request_ids
    ]
    for action in session.exec(select(Action).where(col(Action.id).in_(ids))).all():
        mine = sorted((u for u in updates if u.action_id == action.id), key=lambda u: u.id or 0)
        if action.row_version != 1 + len(mine):
            problems.append(
                f"action {action.id}: version {action.row_version}, {len(mine)} updates"
            )
        if mine and action.progress != mine[-1].progress:
            problems.append(
                f"action {action.id}: {action.progress} but last update {mine[-1].progress}"
            )
        if api[action.id] != (200, action_etag(action), len(mine)):
            problems.append(f"action {action.id}: the API says {api[action.id]}")
    return problems


def _sqlite_checks(settings: Settings) -> list[str]:
    path = make_url(settings.database_url).database or ""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
    problems = [] if integrity == ["ok"] else [f"integrity_check: {integrity[:5]}"]
    return problems + [f"foreign_key_check: {row}" for row in foreign[:5]]


def test_acknowledged_updates_survive_kill_9(
    settings: Settings,
    engine: Engine,
    world: World,
    session: Session,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    case = make_case(engine, world)
    actions = [
        make_action(engine, world, settings, case_id=case.id, description=f"Crash check {i}")
        for i in range(PARTNERS * ACTIONS_EACH)
    ]
    dispose_engines()  # from here the server is the database's only user
    seed, began = random.SystemRandom().randrange(10**6), time.monotonic()
    tally, server, api, idle = _run(settings, world, actions, session, seed)
    problems = tally.unexpected + _problems(session, actions, tally, api)
    session.close()
    if idle:
        problems.append(f"{idle} PostgreSQL backend(s) left idle in transaction")
    if BACKEND == "sqlite":
        problems += _sqlite_checks(settings)
    figures = {
        "backend": BACKEND,
        "kills": KILLS,
        "restarts": len(server.start_seconds) - 1,
        "acknowledged": len(tally.acks),
        "in_flight_at_a_kill": sum(a.in_flight_at_a_kill for a in tally.acks),
        "committed_before_a_kill_then_replayed": sum(a.replayed for a in tally.acks),
        "attempts_refused_while_down": tally.refused,
        "answers_5xx_retried": tally.server_errors,
        "lost": sum(p.startswith("lost:") for p in problems),
        "problems": len(problems),
        "mean_restart_seconds": round(sum(server.start_seconds) / len(server.start_seconds), 1),
        "seconds": round(time.monotonic() - began, 1),
        "seed": seed,
    }
    (tmp_path_factory.getbasetemp() / f"crash-{BACKEND}.json").write_text(json.dumps(figures))
    SUMMARY.append(f"kill -9 crash test: {json.dumps(figures)}")
    assert not problems, f"seed {seed}; log:\n{server.tail()}\n" + "\n".join(problems[:40])
    assert len(tally.acks) >= KILLS * 3, figures
