"""bench/bench_render_load.py's pieces in a tiny mode: the meeting it renders, the partnership
it finds again after bench/run.py's seed, the render clients' bookkeeping and its report."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from riskpanel.models import AgendaItem, Case
from tests.fixtures import World
from tests.meetings.factories import pdf_pages

ROOT = Path(__file__).resolve().parents[2]


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_render_load", ROOT / "bench" / "bench_render_load.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_render_load"] = module
    spec.loader.exec_module(module)
    return module


bench = load_bench()


def test_the_meeting_lists_every_case_and_its_agenda_renders(
    client: TestClient, world: World, engine: Engine
) -> None:
    meeting_id = bench.agenda_meeting(client, world, engine, 5)
    with Session(engine) as session:
        items = session.exec(
            select(AgendaItem).where(
                AgendaItem.meeting_id == meeting_id, col(AgendaItem.case_id).is_not(None)
            )
        ).all()
        references = [session.get_one(Case, i.case_id).reference for i in items]
    assert len(items) == 5
    assert {i.slot_minutes for i in items} == {10}
    r = client.get(
        f"/api/v1/meetings/{meeting_id}/agenda.pdf", headers=world.headers("coordinator")
    )
    assert r.status_code == 200, r.text
    text = " ".join(pdf_pages(r.content))
    assert all(reference in text for reference in references)


def test_the_partnership_is_found_again_from_the_database(engine: Engine, world: World) -> None:
    with Session(engine) as session:
        found = bench.partnership(session, world.tokens["coordinator"])
    assert found.panel.id == world.panel.id
    assert found.agencies["police"].id == world.agencies["police"].id
    assert found.users["chair"].id == world.users["chair"].id
    assert found.headers("coordinator") == world.headers("coordinator")


def test_renders_count_what_finished_and_how_long_one_was_under_way() -> None:
    renders = bench.Renders(1, done=[(0.0, 4.0, True), (4.0, 9.0, True), (9.0, 12.0, False)])
    assert [d[1] for d in renders.finished(2.0, 10.0)] == [4.0, 9.0]
    assert renders.busy(2.0, 10.0) == 1.0
    assert bench.Renders(2, done=[(0.0, 3.0, True)]).busy(2.0, 10.0) == 1 / 8


def wrk_result(p50_ms: float, p99_ms: float, errors: int = 0) -> dict:
    return {
        "requests": 1000,
        "duration_us": 10_000_000,
        "p50": p50_ms * 1000,
        "p99": p99_ms * 1000,
        **dict.fromkeys(("connect", "read", "write", "timeout"), 0),
        "status": errors,
    }


def test_the_report_says_whether_the_target_is_met() -> None:
    opts = argparse.Namespace(
        workers=2, read_cases=30, clients=8, seconds=10, render_clients=1, agenda_cases=100
    )
    rows = [
        bench.Row("sqlite", 0, wrk_result(20, 50), wrk_result(60, 150, errors=2), 4, 0, 2.4, 1.0),
        bench.Row("sqlite", 10, wrk_result(20, 50), wrk_result(25, 80), 3, 1, 3.1, 1.0),
        bench.Row("postgresql", 10, wrk_result(20, 50), wrk_result(20, 50), 0, 0, 0.0, 0.0),
    ]
    block = bench.render_block(rows, opts, "cmd")
    assert "| SQLite | 0 | 100 | 20.0 | 50.0 | 100 | 60.0 | 150.0 | 3.00 | 4 | 100% |" in block
    assert "| 2 / 0 |" in block and "| 0 / 1 |" in block
    assert "SQLite, nice 0: a case read's p99 during renders is 3.00x" in block
    assert "(target <= 2x: not met)" in block
    assert "SQLite, nice 10: a case read's p99 during renders is 1.60x" in block
    assert "(target <= 2x: met)" in block
    assert "PostgreSQL, nice 10" in block and "not measured: no render ran" in block
