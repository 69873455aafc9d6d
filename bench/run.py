"""API throughput and latency: riskpanel beside a naive app and a bare hello, one command.

    .venv/bin/python bench/run.py              # full: 5 s per cell, SQLite and PostgreSQL
    .venv/bin/python bench/run.py --quick      # smoke run: 2 s per cell
    .venv/bin/python bench/run.py --readme     # also rewrite the README's bench:api block
    .venv/bin/python bench/run.py --all        # also run bench_pdf, _redaction, _workflow

For each backend a fresh database (SQLite file; PostgreSQL `rp_bench_<random>`, dropped
afterwards) is migrated and filled through the tests' builders and the real API (a panel,
agencies, every role, 30 referrals screened into cases), and actions through the actions
service. Two servers then run on 127.0.0.1 with the same uvicorn options and worker count:
`riskpanel serve --workers N` and bench/naive_app.py (same tables and rows; no auth, no
audit, no If-Match, no idempotency; plus `GET /hello`).
Debian's wrk drives both, cell by cell, riskpanel and naive alternating so background noise
falls on both. Writes use bench/lua/post.lua: every request takes an untouched action whose
ETag is known in advance ("action-<id>-v1"), read from a generated file, with a fresh
Idempotency-Key; see that file for what happens when the fresh ones run out.
The table goes to bench/results/api.md (and, with --readme, between the README markers).
"""

from __future__ import annotations

import argparse
import logging
import secrets
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # the tests' builders; the sibling modules

from api_report import (  # noqa: E402
    API_MARKERS,
    BACKENDS,
    PG_ADMIN,
    SCENARIOS,
    Cell,
    Options,
    render,
    run_others,
    write_readme,
)
from api_servers import servers, worker_log, wrk  # noqa: E402

RESULTS = ROOT / "bench" / "results"


@dataclass
class Seeded:
    """What the load needs to know about the data, and nothing personal."""

    case_ids: list[int]
    police_id: int
    tokens: dict[str, str]
    write_ids: list[int]
    check_ids: list[int]  # one action per app, for the pre-flight check


# ---- data ------------------------------------------------------------------------------


def seed(url: str, secret: str, *, write_actions: int, cases: int = 30) -> Seeded:
    """The tests' partnership (tests.fixtures.build_world: a panel, agencies, every role,
    their tokens), then `cases` referrals through the real API in-process (the tests'
    payload builder with a Faker en_GB victim: incidents, strands, a perpetrator group),
    each screened into a case, then actions (see `actions`)."""
    from faker import Faker
    from fastapi.testclient import TestClient
    from sqlmodel import Session
    from tests.actions.factories import coordinator
    from tests.fixtures import build_world
    from tests.referrals.helpers import referred_case, victim

    from riskpanel import migrate
    from riskpanel.config import Settings
    from riskpanel.db import dispose_engines, make_engine
    from riskpanel.main import create_app

    migrate.upgrade(url)
    settings = Settings(environment="production", database_url=url, secret_key=secret)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        world = build_world(session, settings)
    fake = Faker("en_GB")
    fake.seed_instance(2026)
    case_ids = []
    with TestClient(create_app(settings)) as client:
        for _ in range(cases):
            born = fake.date_of_birth(minimum_age=18).isoformat()
            _, opened = referred_case(
                client, world, victim=victim(fake.first_name(), fake.last_name(), born)
            )
            case_ids.append(int(opened["case"]["id"]))
    dispose_engines()  # the app's engine: nothing may hold the scratch database open
    agencies = {k: a.id or 0 for k, a in world.agencies.items()}
    with Session(engine, expire_on_commit=False) as session:
        make = {"session": session, "principal": coordinator(world), "settings": settings}
        actions(**make, case_ids=case_ids, agency_id=agencies["police"], n=60)
        actions(**make, case_ids=case_ids, agency_id=agencies["victim_support"], n=40)
        writes = actions(
            **make, case_ids=case_ids, agency_id=agencies["housing"], n=write_actions + 2
        )
    engine.dispose()
    tokens = {
        "reader": world.tokens["coordinator"],
        "lister": world.tokens["police_system"],
        "writer": world.tokens["housing_system"],
    }
    return Seeded(case_ids, agencies["police"], tokens, writes[2:], writes[:2])


def actions(
    *,
    session: Any,
    principal: Any,
    settings: Any,
    case_ids: list[int],
    agency_id: int,
    n: int,
    through_service: int = 3,
) -> list[int]:
    """The first few through the actions service (timers, notice, audit row); the rest are
    copies of the last of those, inserted in one statement. The service takes ~45 ms per
    action here, too slow for the thousands of fresh actions the write cells use up, and
    an agency's update reads and writes only the action, its case and new rows: the copies
    behave exactly like the originals for every request measured."""
    from sqlalchemy import insert
    from sqlmodel import col, select

    from riskpanel.actions.service import create_action
    from riskpanel.models import Action

    due = date.today() + timedelta(days=28)
    made = [
        create_action(
            session=session,
            principal=principal,
            case_id=case_ids[i % len(case_ids)],
            meeting_id=None,
            agency_id=agency_id,
            description="Fit door entry and a letterbox guard; confirm with the victim.",
            due_on=due,
            settings=settings,
        )
        for i in range(min(n, through_service))
    ]
    session.commit()
    template = made[-1].model_dump(exclude={"id", "reference", "case_id", "due_on"})
    prefix = f"A-B{agency_id}-{uuid.uuid4().hex[:6]}-"
    rows = [
        {
            **template,
            "reference": f"{prefix}{i:06d}",
            "case_id": case_ids[i % len(case_ids)],
            "due_on": due + timedelta(days=i % 30),
        }
        for i in range(n - len(made))
    ]
    if rows:
        session.execute(insert(Action), rows)
    session.commit()
    query = select(Action.id).where(col(Action.reference).startswith(prefix))
    copies = [i for i in session.exec(query.order_by(col(Action.id))) if i is not None]
    return [a.id or 0 for a in made] + copies


@contextmanager
def database(backend: str, pg_admin: str) -> Iterator[str]:
    """A fresh database per backend: a SQLite temp file, or a PostgreSQL database dropped after."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="rp_bench_") as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    from sqlalchemy import create_engine, text

    admin = create_engine(pg_admin, isolation_level="AUTOCOMMIT")
    name = f"rp_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg_admin.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class Plan:
    """Which script, arguments and token each (scenario, app) cell uses."""

    def __init__(self, seeded: Seeded, folder: Path, pool: int) -> None:
        self.seeded, self.folder, self.pool = seeded, folder, pool
        self.slices = iter(range(0, len(seeded.write_ids), pool))
        self.tag = uuid.uuid4().hex[:8]
        self.paths = {
            ("read", "riskpanel"): self._file(
                "read", [f"/api/v1/cases/{i}" for i in seeded.case_ids]
            ),
            ("list", "riskpanel"): self._file("list-rp", ["/api/v1/actions?status=open"]),
        }
        self.paths[("read", "naive")] = self.paths[("read", "riskpanel")]
        self.paths[("list", "naive")] = self._file(
            "list-naive", [f"/api/v1/actions?status=open&agency_id={seeded.police_id}"]
        )

    def hello(self) -> str:
        return self._file("hello", ["/hello"])

    def _file(self, name: str, lines: list[str]) -> str:
        path = self.folder / f"{name}.txt"
        path.write_text("\n".join(lines) + "\n")
        return str(path)

    def cell(self, scenario: str, app: str, clients: int) -> tuple[str, list[str], str | None]:
        token = {"read": "reader", "list": "lister", "write": "writer"}[scenario]
        auth = self.seeded.tokens[token] if app == "riskpanel" else None
        if scenario != "write":
            return "get.lua", [self.paths[(scenario, app)]], auth
        start = next(self.slices)
        ids = self.seeded.write_ids[start : start + self.pool]
        n = start // self.pool
        return (
            "post.lua",
            [self._file(f"ids-{n}", [str(i) for i in ids]), f"{self.tag}{n}", str(min(clients, 2))],
            auth,
        )


def preflight(urls: dict[str, str], seeded: Seeded) -> None:
    """One request of each kind to each app: a run that measured 401s would be worthless."""
    s = seeded
    checks = [
        ("riskpanel", "GET", f"/api/v1/cases/{s.case_ids[0]}", "reader", None, 200),
        ("naive", "GET", f"/api/v1/cases/{s.case_ids[0]}", None, None, 200),
        ("riskpanel", "GET", "/api/v1/actions?status=open", "lister", None, 200),
        ("naive", "GET", f"/api/v1/actions?status=open&agency_id={s.police_id}", None, None, 200),
        (
            "riskpanel",
            "POST",
            f"/api/v1/actions/{s.check_ids[0]}/updates",
            "writer",
            s.check_ids[0],
            201,
        ),
        ("naive", "POST", f"/api/v1/actions/{s.check_ids[1]}/updates", None, s.check_ids[1], 201),
    ]
    for app, method, path, token, action, expect in checks:
        headers = {"Authorization": f"Bearer {s.tokens[token]}"} if token else {}
        body = None
        if action is not None:
            headers |= {"If-Match": f'"action-{action}-v1"', "Idempotency-Key": uuid.uuid4().hex}
            body = {"progress": "acknowledged"}
        r = httpx.request(method, urls[app] + path, headers=headers, json=body, timeout=30)
        if r.status_code != expect:
            raise SystemExit(f"pre-flight {app} {method} {path}: {r.status_code} {r.text[:300]}")


def measure(urls: dict[str, str], plan: Plan, backend: str, opts: Options) -> list[Cell]:
    """Cell by cell, riskpanel then naive at each clients level, after a warm-up of each."""
    cells: list[Cell] = []
    for scenario in opts.scenarios:
        for app in ("riskpanel", "naive"):  # warm-up: pools, caches, lazy imports
            script, args, token = plan.cell(scenario, app, 32)
            wrk(urls[app], script, args, clients=32, seconds=opts.warmup, token=token)
        for clients in opts.clients:
            for app in ("riskpanel", "naive"):
                script, args, token = plan.cell(scenario, app, clients)
                cell = Cell(backend, scenario, clients, app)
                cell.result = wrk(
                    urls[app], script, args, clients=clients, seconds=opts.seconds, token=token
                )
                cells.append(cell)
                print(cell.line(), flush=True)
    hello = plan.hello()
    for clients in opts.clients:
        cell = Cell(backend, "hello", clients, "naive")
        cell.result = wrk(
            urls["naive"], "get.lua", [hello], clients=clients, seconds=opts.seconds, token=None
        )
        cells.append(cell)
        print(cell.line(), flush=True)
    return cells


def run_backend(backend: str, opts: Options, pg_admin: str) -> tuple[list[Cell], list[str]]:
    """Seed a fresh database, start both servers, measure; the notes name worker restarts."""
    secret = secrets.token_urlsafe(48)
    write_cells = 2 * (1 + len(opts.clients))  # a warm-up and each clients level, per app
    with (
        database(backend, pg_admin) as url,
        tempfile.TemporaryDirectory(prefix="rp_bench_") as tmp,
    ):
        started = time.monotonic()
        seeded = seed(url, secret, write_actions=write_cells * opts.pool)
        print(f"[{backend}] seeded in {time.monotonic() - started:.0f}s", flush=True)
        plan = Plan(seeded, Path(tmp), opts.pool)
        logs = Path(tmp) if opts.logs is None else opts.logs / backend
        logs.mkdir(parents=True, exist_ok=True)
        with servers(url, secret, launch=opts.server, workers=opts.workers, folder=logs) as urls:
            preflight(urls, seeded)
            before = {app: worker_log(logs / f"{app}.log")[1] for app in urls}
            cells = measure(urls, plan, backend, opts)
            killed = {app: worker_log(logs / f"{app}.log")[1] - before[app] for app in urls}
    notes = [
        f"{BACKENDS[backend]}: uvicorn restarted {n} {app} worker(s) during the measurement "
        "(a worker that misses its 5 s healthcheck is killed; see bench/api_servers.py)"
        for app, n in killed.items()
        if n
    ]
    return cells, notes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 s per cell, smaller pools")
    parser.add_argument("--seconds", type=int, help="per cell (default 5, quick 2)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 32, 64])
    parser.add_argument("--workers", type=int, default=2, help="uvicorn processes per app")
    parser.add_argument("--backends", nargs="+", choices=list(BACKENDS), default=list(BACKENDS))
    parser.add_argument("--pg", default=PG_ADMIN, help="admin URL for the scratch database")
    parser.add_argument("--pool", type=int, help="fresh actions per write cell")
    parser.add_argument("--scenarios", nargs="+", choices=list(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument(
        "--server",
        choices=["serve", "uvicorn"],
        default="serve",
        help="launch with `riskpanel serve` (default) or `python -m uvicorn` (see commands())",
    )
    parser.add_argument("--logs", type=Path, help="keep the servers' logs in this folder")
    parser.add_argument("--readme", action="store_true", help="rewrite README's bench:api block")
    parser.add_argument(
        "--all", action="store_true", help="also the PDF, redaction, workflow benches"
    )
    args = parser.parse_args(argv)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    seconds = args.seconds or (2 if args.quick else 5)
    opts = Options(
        seconds=seconds,
        warmup=1,
        clients=args.clients,
        workers=args.workers,
        pool=args.pool or (400 if args.quick else 3000),
        quick=args.quick,
        scenarios=args.scenarios,
        logs=args.logs,
        server=args.server,
    )
    cells: list[Cell] = []
    notes: list[str] = []
    for backend in args.backends:
        measured, said = run_backend(backend, opts, args.pg)
        cells += measured
        notes += said
    command = ".venv/bin/python bench/run.py " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    block = render(cells, opts, command.strip(), notes)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api.md").write_text(block)
    print("\n" + block)
    if args.all:
        others = run_others(args.quick)
        (RESULTS / "others.md").write_text(others)
        print(others)
    if args.readme:
        write_readme(block, API_MARKERS)


if __name__ == "__main__":
    main()
