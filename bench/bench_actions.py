"""Action updates per second through the API, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_actions.py [--seconds 15] [--workers 20] [--server-workers 1]
        [--pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--no-sqlite]

A real uvicorn server runs in a subprocess on 127.0.0.1; 20 client threads (httpx) each own
a share of the actions and post `in_progress` updates with `If-Match` and a fresh
`Idempotency-Key`, exactly as a partner system would. Every request goes the whole way:
key authentication, idempotency claim, row lock, version check, history and audit rows,
the stored response. Bounded by time and by count; prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SECRET = "bench-secret-key-" + "k" * 32


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def prepare(url: str, actions: int) -> tuple[str, list[int]]:
    """Migrate, build the synthetic partnership and the police agency's actions."""
    from sqlmodel import Session
    from tests.actions.factories import make_action, make_case
    from tests.fixtures import build_world

    from riskpanel import migrate
    from riskpanel.config import Settings
    from riskpanel.db import make_engine

    migrate.upgrade(url)
    settings = Settings(environment="test", database_url=url, secret_key=SECRET)
    engine = make_engine(url, begin_immediate=False)
    with Session(engine, expire_on_commit=False) as session:
        world = build_world(session, settings)
    cases = [make_case(engine, world).id for _ in range(max(actions // 4, 1))]
    ids = [
        make_action(engine, world, settings, case_id=cases[i % len(cases)]).id
        for i in range(actions)
    ]
    engine.dispose()
    return world.tokens["police_system"], ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "RISKPANEL_DATABASE_URL": url,
        "RISKPANEL_SECRET_KEY": SECRET,
        "RISKPANEL_ENVIRONMENT": "test",
        "RISKPANEL_LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "riskpanel.main:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    server = subprocess.Popen(command, env=env, cwd=tempfile.gettempdir())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


def worker(base: str, token: str, ids: list[int], stop: float, budget: list[int], t: Tally) -> None:
    etags = {i: f'"action-{i}-v1"' for i in ids}
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        n = 0
        while time.perf_counter() < stop:
            with t.lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            action_id = ids[n % len(ids)]
            n += 1
            started = time.perf_counter()
            r = client.post(
                f"/api/v1/actions/{action_id}/updates",
                json={"progress": "in_progress", "note": f"bench update {n}"},
                headers={"If-Match": etags[action_id], "Idempotency-Key": uuid.uuid4().hex},
            )
            elapsed = time.perf_counter() - started
            with t.lock:
                if r.status_code == 201:
                    t.latencies.append(elapsed)
                else:
                    t.errors[r.status_code] = t.errors.get(r.status_code, 0) + 1
            if r.status_code == 201:
                etags[action_id] = r.headers["etag"]
            elif r.status_code == 412:
                etags[action_id] = client.get(f"/api/v1/actions/{action_id}").headers["etag"]


def run(url: str, *, seconds: float, workers: int, server_workers: int, max_updates: int) -> dict:
    token, ids = prepare(url, actions=workers * 10)
    port = free_port()
    server = start_server(url, port, server_workers)
    tally, budget = Tally(), [max_updates]
    try:
        started = time.perf_counter()
        stop = started + seconds
        threads = [
            threading.Thread(
                target=worker,
                args=(f"http://127.0.0.1:{port}", token, ids[i::workers], stop, budget, tally),
            )
            for i in range(workers)
        ]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    lat = sorted(tally.latencies)
    return {
        "updates": len(lat),
        "seconds": elapsed,
        "rate": len(lat) / elapsed,
        "p50": statistics.median(lat) * 1000 if lat else float("nan"),
        "p99": lat[max(int(len(lat) * 0.99) - 1, 0)] * 1000 if lat else float("nan"),
        "errors": dict(tally.errors),
    }


def postgres_run(admin_url: str, **kw: object) -> dict:
    from sqlalchemy import create_engine, text

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"rp_bench_actions_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        return run(admin_url.rsplit("/", 1)[0] + "/" + name, **kw)  # type: ignore[arg-type]
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=20, help="concurrent client threads")
    parser.add_argument("--server-workers", type=int, default=1, help="uvicorn processes")
    parser.add_argument("--max-updates", type=int, default=50_000)
    parser.add_argument("--pg", metavar="URL", help="admin URL; a scratch database is made")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    kw = {
        "seconds": args.seconds,
        "workers": args.workers,
        "server_workers": args.server_workers,
        "max_updates": args.max_updates,
    }
    rows = []
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            rows.append(("SQLite (WAL)", run(f"sqlite:///{folder}/bench.db", **kw)))
    if args.pg:
        rows.append(("PostgreSQL", postgres_run(args.pg, **kw)))
    print(
        f"\n{args.workers} client threads, {args.server_workers} uvicorn process(es), "
        f"{os.cpu_count()} CPUs\n"
    )
    print("| backend | updates | seconds | updates/s | p50 ms | p99 ms | non-201 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, f in rows:
        print(
            f"| {name} | {f['updates']:,} | {f['seconds']:.1f} | {f['rate']:,.0f} | "
            f"{f['p50']:.1f} | {f['p99']:.1f} | {f['errors'] or 'none'} |"
        )


if __name__ == "__main__":
    main()
