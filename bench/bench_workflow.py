"""Workflow figures: load + validate time, memory per loaded workflow, transitions per second.

    .venv/bin/python bench/bench_workflow.py [--pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Service-layer transitions go through `fire_transition` exactly as the API does (row lock,
guards read from the database, history row, audit row, timers), one commit per transition.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlmodel import Session

from riskpanel import migrate
from riskpanel.auth.principal import Principal
from riskpanel.cases.transitions import fire_transition
from riskpanel.cases.workflows import get_workflows
from riskpanel.config import Settings
from riskpanel.db import make_engine
from riskpanel.workflow import GuardContext, fire, load_workflow

ROOT = Path(__file__).resolve().parents[1]
FILE = ROOT / "workflows" / "hate_crime_panel.yaml"
CYCLE = ["request_info", "info_received"]


def load_figures() -> tuple[float, float]:
    times = []
    for _ in range(30):
        start = time.perf_counter()
        load_workflow(FILE)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    kept = [load_workflow(FILE) for _ in range(10)]
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(s.size_diff for s in after.compare_to(before, "filename"))
    assert len(kept) == 10
    return statistics.median(times) * 1000, grown / 10 / 1024


def pure_rate(seconds: float = 2.0) -> float:
    defn = load_workflow(FILE)
    ctx = GuardContext()
    state, count, end = "screening", 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        trigger = "request_info" if state == "screening" else "info_received"
        state = fire(
            defn, state=state, trigger=trigger, role="coordinator", ctx=ctx, reason="bench"
        ).dest
        count += 1
    return count / seconds


def _setup_database(url: str, cases: int) -> tuple[Settings, list[int]]:
    from tests.factories import make_case
    from tests.fixtures import build_world

    migrate.upgrade(url)
    settings = Settings(environment="test", database_url=url, secret_key="b" * 40)
    engine = make_engine(url, begin_immediate=False)
    with Session(engine, expire_on_commit=False) as session:
        world = build_world(session, settings)
        ids = [make_case(session, world, settings, state="screening").id or 0 for _ in range(cases)]
    engine.dispose()
    return settings, ids


def service_rate(url: str, cases: int = 20, seconds: float = 5.0) -> tuple[float, float]:
    settings, ids = _setup_database(url, cases)
    workflows = get_workflows(settings)
    engine = make_engine(url)
    chair = Principal(role="chair", label="bench chair", panel_id=1)
    latencies: list[float] = []
    step, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        case_id, trigger = ids[step % len(ids)], CYCLE[(step // len(ids)) % 2]
        start = time.perf_counter()
        with Session(engine, expire_on_commit=False) as session:
            fire_transition(
                session=session,
                principal=chair,
                case_id=case_id,
                trigger=trigger,
                expected_version=None,
                workflows=workflows,
                reason="bench",
            )
            session.commit()
        latencies.append(time.perf_counter() - start)
        step += 1
    engine.dispose()
    latencies.sort()
    return len(latencies) / seconds, latencies[int(len(latencies) * 0.99) - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    load_ms, kib = load_figures()
    rows = [
        ("load and validate hate_crime_panel.yaml (median)", f"{load_ms:.1f} ms"),
        ("memory per loaded workflow", f"{kib:.0f} KiB"),
        ("pure engine transitions (transitions.Machine per call)", f"{pure_rate():,.0f}/s"),
    ]
    with tempfile.TemporaryDirectory() as folder:
        rate, p99 = service_rate(f"sqlite:///{folder}/bench.db")
        rows.append(("service-layer transitions, SQLite (p99)", f"{rate:,.0f}/s ({p99:.1f} ms)"))
    admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
    name = f"rp_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        rate, p99 = service_rate(args.pg.rsplit("/", 1)[0] + "/" + name)
        rows.append(
            ("service-layer transitions, PostgreSQL (p99)", f"{rate:,.0f}/s ({p99:.1f} ms)")
        )
    finally:
        from riskpanel.db import dispose_engines

        dispose_engines()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    print("| workflow figure | value |\n| --- | --- |")
    for label, value in rows:
        print(f"| {label} | {value} |")


if __name__ == "__main__":
    main()
