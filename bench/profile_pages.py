"""Statements, rows and Python calls per page for the pages bench's pages, in-process.

    .venv/bin/python bench/profile_pages.py --database URL              # counts per page
    .venv/bin/python bench/profile_pages.py --database URL --explain    # and each SELECT's plan
    .venv/bin/python bench/profile_pages.py --database URL --pages dashboard --top 30

Counts, not timings: on a shared machine wall-clock and CPU figures move with the load,
while the number of statements a page sends, the buffers and rows its SELECTs touch
(``EXPLAIN (ANALYZE, BUFFERS)`` of each, run again after the page with its own
parameters) and the Python function calls one request makes (cProfile, threadpool inlined)
do not. The database is one bench/bench_pages.py loaded and kept (``--keep``); the pages
and the signed-in coordinator are the bench's own (``bench_pages.paths`` and
``mint_session``), driven through the ASGI app with no socket.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import logging
import pstats
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_pages import SECRET, existing_partnership, meeting_for, mint_session, paths  # noqa: E402
from profile_requests import call, inline_threadpool  # noqa: E402

SEEN: list[tuple[str, Any]] = []
PAGES = ["dashboard", "case page", "cases: reference search", "cases: name search"]


def record_statements() -> None:
    """Keep every statement sent (with its parameters) for the count and the EXPLAINs."""
    from sqlalchemy import Engine, event

    @event.listens_for(Engine, "before_cursor_execute")
    def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        SEEN.append((statement, parameters))


def plan_summary(plan: str) -> str:
    """One EXPLAIN (ANALYZE, BUFFERS) text in a line: the shared buffers hit and read of
    the first node that reports any (the top node; the planner's where no node touched a
    page, as on an empty table), the largest row count any node handled, the execution
    time, and the scans used."""
    top = next((r for r in plan.split("\n") if "Buffers:" in r), "")
    hit = sum(int(n) for n in re.findall(r"shared hit=(\d+)", top))
    read = sum(int(n) for n in re.findall(r"read=(\d+)", top))
    most = max((int(n) for n in re.findall(r"actual time=\S+ rows=(\d+)", plan)), default=0)
    kinds = (
        r"(Seq Scan on \w+|Index Only Scan using \w+|Index Scan using \w+|Bitmap Index Scan on \w+)"
    )
    scans = "; ".join(sorted(set(re.findall(kinds, plan))))
    ms = (re.findall(r"Execution Time: ([\d.]+)", plan) or ["?"])[0]
    return f"buffers hit {hit} read {read}, max rows {most}, exec {ms} ms [{scans}]"


def explain(url: str, statements: list[tuple[str, Any]]) -> list[str]:
    """Each SELECT's plan in a line (``plan_summary``) with the start of its text; the
    other statements (the access log's INSERTs) by name only: EXPLAIN ANALYZE runs them."""
    import psycopg

    out = []
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        for sql, params in statements:
            text = " ".join(sql.split())
            if not text.upper().startswith(("SELECT", "WITH")):
                out.append(f"    -- {text[:100]}")
                continue
            rows = conn.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params).fetchall()
            plan = "\n".join(r[0] for r in rows)
            out.append(f"    {plan_summary(plan)}: {text[:110]}")
            if SHOW_PLANS:
                out.append(plan)
    return out


SHOW_PLANS = False


def main() -> None:
    global SHOW_PLANS
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a bench_pages database (kept)")
    parser.add_argument("--pages", nargs="+", default=PAGES)
    parser.add_argument("-n", type=int, default=20, help="profiled requests per page")
    parser.add_argument("--top", type=int, default=0, help="functions listed (cumulative)")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--dump", help="write the last page's profile to this file")
    parser.add_argument("--plans", action="store_true", help="print the whole plans too")
    args = parser.parse_args()
    SHOW_PLANS = args.plans
    from riskpanel.config import Settings
    from riskpanel.main import create_app

    url = args.database
    world = existing_partnership(url)
    urls = paths(url, world, meeting_for(url, world))
    cookie = f"riskpanel_session={mint_session(url, world.coordinator[world.panels[0]])}"
    app = create_app(Settings(environment="production", database_url=url, secret_key=SECRET))
    logging.disable(logging.WARNING)
    inline_threadpool()
    record_statements()
    headers = {"cookie": cookie}

    async def drive(targets: list[str]) -> None:
        for target in targets:
            status = await call(app, "GET", target, headers, b"")
            if status != 200:
                raise SystemExit(f"{target}: {status}")

    for page in args.pages:
        targets = [urls[page][i % len(urls[page])] for i in range(args.n)]
        asyncio.run(drive(targets))  # warm-up: caches, lazy imports, the pool
        SEEN.clear()
        profiler = cProfile.Profile()
        profiler.enable()
        asyncio.run(drive(targets))
        profiler.disable()
        if args.dump:
            profiler.dump_stats(args.dump)
        stats = pstats.Stats(profiler, stream=io.StringIO())
        calls = stats.total_calls / len(targets)  # type: ignore[attr-defined]
        print(
            f"{page}: {len(SEEN) / len(targets):.1f} statements, {calls:.0f} Python calls "
            f"per request ({len(targets)} requests)"
        )
        if args.top:
            out = io.StringIO()
            shown = pstats.Stats(profiler, stream=out)
            shown.sort_stats("cumulative").print_stats(args.top)
            shown.sort_stats("ncalls").print_stats(args.top)
            print(out.getvalue())
        if args.explain:
            SEEN.clear()
            asyncio.run(drive(targets[:1]))
            for line in explain(url, list(SEEN)):
                print(line)


if __name__ == "__main__":
    main()
