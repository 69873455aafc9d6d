"""Do the lists agencies and the panel poll stay flat as the database grows? (PostgreSQL)

    .venv/bin/python bench/bench_scale.py                       # 1k, 10k, 100k cases
    .venv/bin/python bench/bench_scale.py --sizes 1000 10000 --audit-per-case 20   # quick
    .venv/bin/python bench/bench_scale.py --readme              # also the README block

A fresh database `rp_bench_scale_<random>` (dropped afterwards) gets 10 panels with 9
agencies each through the services, then grows step by step to each size: synthetic cases
(Faker en_GB names), their victim, referral and three actions each go in with COPY, and
`--audit-per-case` access-log rows per case (100: 10M rows at 100k cases) with one
INSERT ... SELECT over generate_series per batch, generated inside PostgreSQL because
streaming 10M rows from Python through COPY would be the slowest part of the run on two
cores. Indexes on the access log are dropped for a large batch and rebuilt after it, as a
bulk load would be done. If the audit rows do not fit in `--audit-budget` seconds the load
stops and the table reports the number actually loaded.

At each size it times, through the same service functions the API routes call (query,
access rule, projection and the audit row each read writes, then commit): an agency's open
actions, the panel's cases in one state, and the access-log search by case. It runs
EXPLAIN on every SELECT those calls issue and reports the indexes used and any sequential
scan of a large table. Writes bench/results/scale.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from scale_load import (  # noqa: E402
    AGENCIES_PER_PANEL,
    PANELS,
    CaseFactory,
    Partnership,
    connect,
    load_audit,
    load_cases,
    partnership,
    scratch_database,
)

RESULTS = ROOT / "bench" / "results"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
MARKERS = ("<!-- bench:scale:start -->", "<!-- bench:scale:end -->")
BIG_TABLES = {"case_file", "action", "audit_event", "person", "referral", "case_person"}


@dataclass
class Loaded:
    cases: int = 0
    actions: int = 0
    audit: int = 0
    seconds: float = 0.0


@dataclass
class Timing:
    name: str
    samples: list[float] = field(default_factory=list)
    indexes: set[str] = field(default_factory=set)
    seq_scans: set[str] = field(default_factory=set)
    matching: int = 0  # rows the filter matches, of which the page shows the first 50 or 100

    @property
    def p50(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[max(int(len(ordered) * 0.95) - 1, 0)] * 1000


# ---- measuring -------------------------------------------------------------------------


class Probe:
    """Captures the SELECTs a call issues, to EXPLAIN them afterwards."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, Any]] = []
        self.on = False

    def __call__(self, _conn: Any, _cursor: Any, statement: str, params: Any, *_a: Any) -> None:
        if self.on and statement.lstrip().upper().startswith("SELECT"):
            self.statements.append((statement, params))


def plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def explain(session: Any, statements: list[tuple[str, Any]], timing: Timing) -> None:
    raw = session.connection().connection.dbapi_connection
    with raw.cursor() as cur:
        for statement, params in statements:
            cur.execute("EXPLAIN (FORMAT JSON) " + statement, params)
            (doc,) = cur.fetchone()
            for node in plan_nodes((doc if isinstance(doc, list) else json.loads(doc))[0]["Plan"]):
                if node.get("Index Name"):
                    timing.indexes.add(node["Index Name"])
                if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in BIG_TABLES:
                    timing.seq_scans.add(node["Relation Name"])


def time_call(engine: Any, name: str, call: Callable[[Any], Any], repeats: int) -> Timing:
    """Warm up (10 calls), EXPLAIN the statements of one call, then time `repeats` calls."""
    from sqlalchemy import event
    from sqlmodel import Session

    timing, probe = Timing(name), Probe()
    event.listen(engine, "before_cursor_execute", probe)
    try:
        with Session(engine, expire_on_commit=False) as session:
            for _ in range(10):
                call(session)
                session.commit()
            probe.on = True
            call(session)
            session.commit()
            probe.on = False
            explain(session, probe.statements, timing)
            session.commit()
            for _ in range(repeats):
                started = time.perf_counter()
                call(session)
                session.commit()
                timing.samples.append(time.perf_counter() - started)
    finally:
        event.remove(engine, "before_cursor_execute", probe)
    return timing


def calls(world: Partnership) -> dict[str, Callable[[Any], Any]]:
    """The three lists, each exactly as its API route runs it (minus HTTP)."""
    from sqlmodel import col, select

    from riskpanel.actions.schemas import ActionFilters
    from riskpanel.actions.service import list_actions
    from riskpanel.audit import repository
    from riskpanel.audit.schemas import AuditEventOut
    from riskpanel.cases.service import list_cases
    from riskpanel.config import Settings
    from riskpanel.kit.caller import Caller
    from riskpanel.kit.principal import Principal
    from riskpanel.models import Case

    panel = world.panels[0]
    agency = Principal(
        role="agency_client", label="bench system", agency_id=world.agencies[panel][0]
    )
    coordinator = Principal(
        role="coordinator", label="bench", user_id=world.coordinator[panel], panel_id=panel
    )
    auditor = Principal(role="auditor", label="bench auditor")
    case_of: dict[str, int] = {}
    window = Settings(agency_access_days_after_closure=90)  # as the routes' access window

    def audit_search(session: Any) -> None:
        if "id" not in case_of:  # a case in the middle of the id range, with its log rows
            ids = session.exec(select(Case.id).where(Case.panel_id == panel).order_by(col(Case.id)))
            found = list(ids)
            case_of["id"] = found[len(found) // 2]
        filters = repository.AuditFilter(case_id=case_of["id"])
        rows, _ = repository.search(session=session, filters=filters, limit=100, cursor=None)
        repository.log_search(session=session, principal=auditor, filters=filters, rows=rows)
        [AuditEventOut.model_validate(r) for r in rows]

    return {
        "agency's open actions": lambda s: list_actions(
            session=s,
            caller=Caller(principal=agency, settings=window),
            filters=ActionFilters(status="open"),
            limit=50,
        ),
        "panel's cases in one state": lambda s: list_cases(
            session=s,
            caller=Caller(coordinator, Settings(agency_access_days_after_closure=90)),
            state="actions_open",
            limit=50,
        ),
        "access log by case": audit_search,
    }


COUNTS = {
    "agency's open actions": "SELECT count(*) FROM action a JOIN case_file c ON c.id = a.case_id "
    "WHERE a.agency_id = %(agency)s AND a.progress NOT IN ('completed', 'not_possible') "
    "AND a.review_outcome IS NULL AND c.erased_at IS NULL "
    "AND (c.closed_at IS NULL OR c.closed_at > now() - interval '90 days')",
    "panel's cases in one state": "SELECT count(*) FROM case_file "
    "WHERE panel_id = %(panel)s AND state = 'actions_open' AND erased_at IS NULL",
    "access log by case": "SELECT count(*) FROM audit_event WHERE case_id = %(case)s",
}


def measure(url: str, world: Partnership, repeats: int) -> list[Timing]:
    from riskpanel.db import make_engine

    engine = make_engine(url)
    try:
        timings = [time_call(engine, n, c, repeats) for n, c in calls(world).items()]
    finally:
        engine.dispose()
    panel = world.panels[0]
    with connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT id FROM case_file WHERE panel_id = %s ORDER BY id", (panel,))
        ids = [r[0] for r in cur.fetchall()]
        values = {"agency": world.agencies[panel][0], "panel": panel, "case": ids[len(ids) // 2]}
        for t in timings:
            cur.execute(COUNTS[t.name], values)
            t.matching = int(cur.fetchone()[0])
    return timings


# ---- report ----------------------------------------------------------------------------


def plan_summary(t: Timing) -> str:
    used = ", ".join(sorted(t.indexes)) or "no index"
    return used + (f"; seq scan of {', '.join(sorted(t.seq_scans))}" if t.seq_scans else "")


def render(rows: list[tuple[Loaded, list[Timing]]], command: str, notes: list[str]) -> str:
    lines = [f"`{command}`", "", *notes, ""]
    lines += [
        "| cases | actions | access-log rows | list | matching rows | p50 ms | p95 ms "
        "| plan (EXPLAIN) |",
        "| ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for loaded, timings in rows:
        for t in timings:
            lines.append(
                f"| {loaded.cases:,} | {loaded.actions:,} | {loaded.audit:,} | {t.name} | "
                f"{t.matching:,} | {t.p50:.2f} | {t.p95:.2f} | {plan_summary(t)} |"
            )
    (small, first), (large, last) = rows[0], rows[-1]
    lines.append("")
    for a, b in zip(first, last, strict=True):
        lines.append(
            f"- {b.name}: p50 at {large.cases:,} cases / at {small.cases:,}: "
            f"**{b.p50 / a.p50:.2f}** (p95 {b.p95 / a.p95:.2f})"
        )
    return "\n".join(lines) + "\n"


def grow(
    url: str, world: Partnership, args: argparse.Namespace
) -> list[tuple[Loaded, list[Timing]]]:
    """Load up to each size in turn (cases, then their log rows) and measure there."""
    factory = CaseFactory(world, datetime.now(UTC))
    deadline = time.monotonic() + args.audit_budget
    loaded, rows = Loaded(), []
    for size in sorted(args.sizes):
        started = time.monotonic()
        first_case = loaded.cases + 1  # ids match case numbers: the scratch database is fresh
        loaded.actions += load_cases(url, factory, loaded.cases, size)
        loaded.cases = size
        loaded.audit += load_audit(
            url, first=first_case, stop=size + 1, per=args.audit_per_case, deadline=deadline
        )
        loaded.seconds += time.monotonic() - started
        print(
            f"{size:,} cases, {loaded.audit:,} log rows loaded in {loaded.seconds:.0f}s", flush=True
        )
        timings = measure(url, world, args.repeats)
        for t in timings:
            print(
                f"  {t.name:28} p50 {t.p50:7.2f} ms  p95 {t.p95:7.2f} ms  {sorted(t.indexes)}"
                f"  seq: {sorted(t.seq_scans) or '-'}",
                flush=True,
            )
        rows.append((Loaded(**vars(loaded)), timings))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--pg", default=PG_ADMIN, help="admin URL; a scratch database is made")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--audit-per-case", type=int, default=100)
    parser.add_argument("--audit-budget", type=float, default=600, help="seconds for log rows")
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--readme", action="store_true", help="rewrite README's bench:scale block")
    args = parser.parse_args(argv)
    from riskpanel import migrate

    with scratch_database(args.pg, args.keep) as url:
        migrate.upgrade(url)
        rows = grow(url, partnership(url), args)
    shown = " ".join(argv if argv is not None else sys.argv[1:])
    notes = [
        f"{datetime.now(UTC):%Y-%m-%d}, PostgreSQL, {PANELS} panels of {AGENCIES_PER_PANEL} "
        f"agencies, {args.audit_per_case} access-log rows per case "
        f"({rows[-1][0].audit:,} loaded at the largest size), loaded in "
        f"{rows[-1][0].seconds:.0f} s; {args.repeats} timed calls per list and size, each "
        "through the service the API route calls, with its own audit row and commit. "
        "Cases accumulate as they would over six years: about two thirds are closed.",
    ]
    block = render(rows, f".venv/bin/python bench/bench_scale.py {shown}".strip(), notes)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scale.md").write_text(block)
    print("\n" + block)
    if args.readme:
        sys.path.insert(0, str(ROOT / "bench"))
        from api_report import write_readme

        write_readme(block, MARKERS)


if __name__ == "__main__":
    main()
