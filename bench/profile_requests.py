"""CPU per request for the API bench's three requests, in-process, with a profile.

    .venv/bin/python bench/profile_requests.py                    # SQLite, 300 of each
    .venv/bin/python bench/profile_requests.py --backend postgresql -n 500 --top 40

Builds a fresh database the way bench/run.py does (its `seed`), then drives the ASGI app
directly (no sockets, no HTTP parser, no client library in the figures): the read
(`GET /api/v1/cases/{id}`, coordinator token), the list (`GET /api/v1/actions?status=open`,
police key) and the write (`POST /api/v1/actions/{id}/updates`, housing key, If-Match,
Idempotency-Key). CPU is `time.process_time` (every thread of this process), so the figure
holds on a busy machine where wall time would not; the database server's own CPU is not in
it. With `--profile` the threadpool hop is replaced by a direct call so cProfile, which
sees one thread, sees the whole request; the top functions by own and cumulative time
follow each request kind's figure.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import secrets
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from api_report import PG_ADMIN  # noqa: E402
from run import database, seed  # noqa: E402

Call = tuple[str, str, dict[str, str], bytes]


async def call(app: Any, method: str, target: str, headers: dict[str, str], body: bytes) -> int:
    """One request through the ASGI app; the status code (the body is read and dropped)."""
    path, _, query = target.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    sent = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


def count_thread_trips() -> None:
    """Count the work handed to the threadpool (each a hand-off to a thread and back)."""
    import anyio.to_thread

    real = anyio.to_thread.run_sync

    async def counted(func: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        STATEMENTS["trips"] = STATEMENTS.get("trips", 0) + 1
        return await real(func, *args, **kw)

    anyio.to_thread.run_sync = counted  # type: ignore[assignment]


def inline_threadpool() -> None:
    """Run the threadpool's work on the event loop's thread, so one profiler sees it all."""
    import anyio.to_thread

    async def run_sync(func: Callable[..., Any], *args: Any, **_: Any) -> Any:
        return func(*args)

    anyio.to_thread.run_sync = run_sync  # type: ignore[assignment]


def requests(seeded: Any, n: int) -> dict[str, list[Call]]:
    def auth(who: str) -> dict[str, str]:
        return {"authorization": f"Bearer {seeded.tokens[who]}"}

    cases = seeded.case_ids
    reads = [
        ("GET", f"/api/v1/cases/{cases[i % len(cases)]}", auth("reader"), b"") for i in range(n)
    ]
    lists = [("GET", "/api/v1/actions?status=open", auth("lister"), b"")] * n
    body = json.dumps({"progress": "acknowledged"}).encode()
    writes = [
        (
            "POST",
            f"/api/v1/actions/{action}/updates",
            auth("writer")
            | {
                "if-match": f'"action-{action}-v1"',
                "idempotency-key": uuid.uuid4().hex,
                "content-type": "application/json",
                "content-length": str(len(body)),
            },
            body,
        )
        for action in seeded.write_ids[:n]
    ]
    return {"read": reads, "list": lists, "write": writes}


async def drive(app: Any, calls: list[Call], expect: int) -> None:
    for method, target, headers, body in calls:
        status = await call(app, method, target, headers, body)
        if status != expect:
            raise SystemExit(f"{method} {target}: {status}, expected {expect}")


STATEMENTS: dict[str, int] = {}


def count_statements() -> None:
    """Every statement sent to the database (BEGIN and COMMIT are not statements here)."""
    from sqlalchemy import Engine, event

    @event.listens_for(Engine, "before_cursor_execute")
    def counted(*args: Any) -> None:
        STATEMENTS["n"] = STATEMENTS.get("n", 0) + 1
        if os.environ.get("SHOW_SQL"):
            print(" ".join(str(args[2]).split())[:150])


GC_MS = {0: 0.0, 1: 0.0, 2: 0.0}
GC_N = {0: 0, 1: 0, 2: 0}
_gc_started = [0.0]


def _gc_timer(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _gc_started[0] = time.process_time()
    else:
        GC_MS[info["generation"]] += (time.process_time() - _gc_started[0]) * 1000
        GC_N[info["generation"]] += 1


def measure(app: Any, kind: str, calls: list[Call], profile: bool, top: int, rounds: int) -> float:
    """The least CPU per request over `rounds` rounds (a shared machine only ever adds)."""
    import gc

    expect = 201 if kind == "write" else 200
    asyncio.run(drive(app, calls[:10], expect))  # warm-up: pool, caches, lazy imports
    timed = calls[10:]
    size = len(timed) // rounds
    if _gc_timer not in gc.callbacks:
        gc.callbacks.append(_gc_timer)
    figures = []
    STATEMENTS.clear()
    for r in range(rounds):
        GC_MS.update({0: 0.0, 1: 0.0, 2: 0.0})
        GC_N.update({0: 0, 1: 0, 2: 0})
        part = timed[r * size : (r + 1) * size]
        profiler = cProfile.Profile() if profile and r == 0 else None
        started = time.process_time()
        if profiler:
            profiler.enable()
        asyncio.run(drive(app, part, expect))
        if profiler:
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("tottime").print_stats(top)
            stats.sort_stats("cumulative").print_stats(top)
            print(out.getvalue())
            calls = stats.total_calls / len(part)  # type: ignore[attr-defined]
            print(f"{kind}: {calls:.0f} Python function calls per request (a steady figure)")
        ms = (time.process_time() - started) * 1000 / len(part)
        gc_ms = sum(GC_MS.values()) / len(part)
        queries = STATEMENTS.pop("n", 0) / len(part)
        trips = STATEMENTS.pop("trips", 0) / len(part)
        print(
            f"{kind} round {r + 1}: {ms:.2f} CPU ms per request, {gc_ms:.2f} in gc {GC_N}, "
            f"{queries:.1f} statements and {trips:.1f} threadpool trips per request"
        )
        figures.append(ms)
    return min(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("-n", type=int, default=300, help="requests of each kind")
    parser.add_argument("--profile", action="store_true", help="cProfile, threadpool inlined")
    parser.add_argument("--top", type=int, default=25, help="functions listed per sort")
    parser.add_argument("--rounds", type=int, default=3, help="least of this many rounds")
    parser.add_argument("--kinds", nargs="+", default=["read", "list", "write"])
    parser.add_argument("--pg", default=PG_ADMIN)
    parser.add_argument("--gc-freeze", action="store_true", help="gc.freeze() after start-up")
    args = parser.parse_args()
    if args.n < 10 + args.rounds:  # ten warm-up requests, then at least one per round
        parser.error(f"-n must be at least {10 + args.rounds} with --rounds {args.rounds}")
    import logging

    from riskpanel.config import Settings
    from riskpanel.db import dispose_engines
    from riskpanel.main import create_app

    secret = secrets.token_urlsafe(48)
    with database(args.backend, args.pg) as url:
        seeded = seed(url, secret, write_actions=args.n + 20, cases=10)
        settings = Settings(environment="production", database_url=url, secret_key=secret)
        app = create_app(settings)
        logging.disable(logging.WARNING)
        if args.gc_freeze:
            import gc

            gc.collect()
            gc.freeze()
        if args.profile:
            inline_threadpool()
        else:
            count_thread_trips()
        calls = requests(seeded, args.n)
        count_statements()
        figures = {
            k: measure(app, k, calls[k], args.profile, args.top, args.rounds) for k in args.kinds
        }
        dispose_engines()
    for kind, ms in figures.items():
        print(f"{args.backend} {kind}: {ms:.2f} CPU ms per request (least of {args.rounds} rounds)")


if __name__ == "__main__":
    main()
