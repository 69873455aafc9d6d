"""Workflow figures: load + validate time, memory per loaded workflow, transitions per second.

    .venv/bin/python bench/bench_workflow.py                 # the pure engine only
    .venv/bin/python bench/bench_workflow.py --sqlite        # + service layer on SQLite
    .venv/bin/python bench/bench_workflow.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres

The pure figures need nothing but the package. Service-layer transitions go through
`fire_transition` exactly as the API does (row lock, guards read from the database, history
row, audit row, timers), one commit per transition; they are imported only when asked for.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import statistics
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from riskpanel.workflow import GuardContext, GuardFailed, available, fire, load_workflow

if TYPE_CHECKING:
    from riskpanel.config import Settings

ROOT = Path(__file__).resolve().parents[1]
FILE = ROOT / "workflows" / "hate_crime_panel.yaml"
CYCLE = ["request_info", "info_received"]
LOADS = 50


def load_figures() -> tuple[float, float]:
    """Median load+validate time (ms) and memory kept per loaded definition (KiB)."""
    load_workflow(FILE)  # warm imports and caches
    times = []
    for _ in range(LOADS):
        start = time.perf_counter()
        load_workflow(FILE)
        times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    kept = [load_workflow(FILE) for _ in range(10)]
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(s.size_diff for s in after.compare_to(before, "filename"))
    assert len(kept) == 10
    return statistics.median(times) * 1000, grown / 10 / 1024


def _rate(step: Callable[[int], None], seconds: float) -> float:
    count, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        step(count)
        count += 1
    return count / seconds


def pure_figures(seconds: float = 2.0) -> dict[str, float]:
    defn = load_workflow(FILE)
    ctx = GuardContext()

    def move(i: int) -> None:
        state = "screening" if i % 2 == 0 else "info_requested"
        fire(defn, state=state, trigger=CYCLE[i % 2], role="coordinator", ctx=ctx, reason="b")

    def refuse(_: int) -> None:
        with contextlib.suppress(GuardFailed):
            fire(defn, state="accepted", trigger="list_for_meeting", role="coordinator", ctx=ctx)

    def offer(_: int) -> None:
        available(defn, state="review", role="chair", ctx=ctx)

    figures = {
        "fire": _rate(move, seconds),
        "refused": _rate(refuse, seconds),
        "available": _rate(offer, seconds),
    }
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for fires in (10_000, 50_000):  # the same figure twice means nothing accumulates
        for i in range(fires):
            move(i)
        gc.collect()
        figures[f"retained_{fires}"] = (tracemalloc.get_traced_memory()[0] - before) / 1024
    tracemalloc.stop()
    return figures


def _setup_database(url: str, cases: int) -> tuple[Settings, list[int]]:
    from sqlmodel import Session
    from tests.factories import make_case
    from tests.fixtures import build_world

    from riskpanel import migrate
    from riskpanel.config import Settings
    from riskpanel.db import make_engine

    migrate.upgrade(url)
    settings = Settings(environment="test", database_url=url, secret_key="b" * 40)
    engine = make_engine(url, begin_immediate=False)
    with Session(engine, expire_on_commit=False) as session:
        world = build_world(session, settings)
        ids = [make_case(session, world, settings, state="screening").id or 0 for _ in range(cases)]
    engine.dispose()
    return settings, ids


def service_rate(url: str, cases: int = 20, seconds: float = 5.0) -> tuple[float, float]:
    """Transitions per second and p99 latency (ms) through the DB-backed service."""
    from sqlmodel import Session

    from riskpanel.cases.transitions.service import fire_transition
    from riskpanel.db import make_engine
    from riskpanel.kit.principal import Principal
    from riskpanel.workflow.registry import get_workflows

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
    return len(latencies) / seconds, latencies[max(int(len(latencies) * 0.99) - 1, 0)] * 1000


def postgres_rate(admin_url: str) -> tuple[float, float]:
    from sqlalchemy import create_engine, text

    from riskpanel.db import dispose_engines

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"rp_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        return service_rate(admin_url.rsplit("/", 1)[0] + "/" + name)
    finally:
        dispose_engines()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sqlite", action="store_true", help="also time the service on SQLite")
    parser.add_argument("--pg", metavar="URL", help="also time the service on PostgreSQL")
    args = parser.parse_args()
    load_ms, kib = load_figures()
    pure = pure_figures()
    rows = [
        (f"load and validate hate_crime_panel.yaml (median of {LOADS})", f"{load_ms:.2f} ms"),
        ("memory per loaded workflow (tracemalloc)", f"{kib:.0f} KiB"),
        ("pure transitions through `fire` (Machine per call)", f"{pure['fire']:,.0f}/s"),
        ("refused by a guard (GuardFailed)", f"{pure['refused']:,.0f}/s"),
        ("`available` for a state with 3 triggers", f"{pure['available']:,.0f}/s"),
        (
            "memory retained after 10,000 / 60,000 fires",
            f"{pure['retained_10000']:.0f} / {pure['retained_50000']:.0f} KiB",
        ),
    ]
    if args.sqlite:
        with tempfile.TemporaryDirectory() as folder:
            rate, p99 = service_rate(f"sqlite:///{folder}/bench.db")
        rows.append(("service-layer transitions, SQLite (p99)", f"{rate:,.0f}/s ({p99:.1f} ms)"))
    if args.pg:
        rate, p99 = postgres_rate(args.pg)
        value = f"{rate:,.0f}/s ({p99:.1f} ms)"
        rows.append(("service-layer transitions, PostgreSQL (p99)", value))
    print("| workflow figure | value |\n| --- | --- |")
    for label, value in rows:
        print(f"| {label} | {value} |")


if __name__ == "__main__":
    main()
