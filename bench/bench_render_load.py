"""Case reads while agenda PDFs render: does a long render slow the API people are using?

The performance issue's target: a case read's p99 while 100-case agendas render at most 2x its
idle p99. One command seeds a fresh database with bench/run.py's `seed` (the tests'
partnership, 30 cases referred and screened through the real API), adds meetings whose agendas
list `--agenda-cases` cases each (inserted as the meetings tests do, then saved through the
agenda API), and serves it with `riskpanel serve --workers 2` (bench/api_servers.py), once per
`--nice` value (`RISKPANEL_RENDER_WORKER_NICE`: how much lower the PDF workers' CPU priority
is; 0 is the old behaviour). On each server, after a warm-up, wrk reads cases
(`GET /api/v1/cases/{id}` with the coordinator's token, bench/run.py's read) at `--clients`
connections for `--seconds`: first idle, then while `--render-clients` clients each keep
downloading their own meeting's `agenda.pdf`. Before each download the client empties the
server's PDF cache folder, so every download is a full render (its meeting is asked for by
no other client, so nothing else can put it back). Timings are only meaningful on an idle
machine; the counts (renders done, errors) are checked on any.

    .venv/bin/python bench/bench_render_load.py            # SQLite and PostgreSQL, nice 0 and 10
    .venv/bin/python bench/bench_render_load.py --readme   # also the README block
    .venv/bin/python bench/bench_render_load.py --backends sqlite --seconds 3   # smoke run
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # the tests' builders; the sibling modules

from api_report import BACKENDS, PG_ADMIN, write_readme  # noqa: E402
from api_servers import free_port, start, stop, worker_log, wrk  # noqa: E402
from run import database, seed  # noqa: E402

RESULTS = ROOT / "bench" / "results"
MARKERS = ("<!-- bench:render-load:start -->", "<!-- bench:render-load:end -->")
TARGET = 2.0  # during-renders p99 / idle p99


@dataclass
class Seeded:
    """The read paths, the coordinator's token and one 100-case meeting per render client."""

    case_ids: list[int]
    token: str
    meeting_ids: list[int]


@dataclass
class Renders:
    """One render client's downloads: (started, finished, ok) in time.monotonic() seconds."""

    meeting_id: int
    done: list[tuple[float, float, bool]] = field(default_factory=list)

    def finished(self, start: float, end: float) -> list[tuple[float, float, bool]]:
        return [d for d in self.done if start <= d[1] <= end]

    def busy(self, start: float, end: float) -> float:
        """The share of [start, end] this client had a render under way."""
        overlap = sum(max(0.0, min(b, end) - max(a, start)) for a, b, _ in self.done)
        return overlap / (end - start)


@dataclass
class Row:
    backend: str
    nice: int
    idle: dict[str, Any]
    loaded: dict[str, Any]
    renders: int = 0  # finished while wrk read
    render_errors: int = 0
    render_s: float = 0.0  # median of every render of the phase, those ending after wrk too
    busy: float = 0.0  # share of wrk's run with a render under way (mean over render clients)
    restarts: int = 0

    @property
    def ratio(self) -> float:
        return self.loaded["p99"] / self.idle["p99"] if self.idle["p99"] else 0.0


# ---- data ------------------------------------------------------------------------------


def agenda_meeting(client: Any, world: Any, engine: Any, cases: int) -> int:
    """A meeting four days ahead whose agenda lists `cases` new cases (10-minute slots, so a
    100-case agenda stays a one-day meeting), saved through the agenda API."""
    from tests.meetings.factories import create_meeting, make_case

    for i in range(cases):
        make_case(engine, world, risk=("high", "medium", "standard")[i % 3], children=i % 4 == 0)
    meeting = create_meeting(client, world, days_ahead=4)
    path = f"/api/v1/meetings/{meeting['id']}/agenda"
    proposal = client.get(  # the proposal is bounded per section: ask for all of them
        f"{path}/proposal", params={"limit": cases}, headers=world.headers("coordinator")
    ).json()
    items = [
        {"section": i["section"], "case_id": i["case_id"], "slot_minutes": 10, "position": n}
        for n, i in enumerate(proposal["items"], start=1)
        if i.get("case_id") is not None
    ]
    if len(items) != cases:
        raise SystemExit(f"the agenda proposal holds {len(items)} cases, expected {cases}")
    headers = world.headers("coordinator", **{"If-Match": meeting["etag"]})
    r = client.put(path, json={"items": items}, headers=headers)
    if r.status_code != 200:
        raise SystemExit(f"saving the agenda: {r.status_code} {r.text[:300]}")
    return int(meeting["id"])


def partnership(session: Any, token: str) -> Any:
    """bench/run.py's seed keeps only tokens: find the panel, its police and its chair again
    (the tests' world has one of each)."""
    from sqlmodel import select
    from tests.fixtures import World

    from riskpanel.models import Agency, Panel, User

    panel = session.exec(select(Panel)).one()
    police = session.exec(select(Agency).where(Agency.name == "Test Police")).one()
    chair = session.exec(select(User).where(User.role == "chair")).one()
    return World(
        panel=panel,
        agencies={"police": police},
        users={"chair": chair},
        tokens={"coordinator": token},
    )


def seed_all(url: str, secret: str, *, read_cases: int, agenda_cases: int, meetings: int) -> Seeded:
    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from riskpanel.config import Settings
    from riskpanel.db import dispose_engines, make_engine
    from riskpanel.main import create_app

    base = seed(url, secret, write_actions=0, cases=read_cases)
    token = base.tokens["reader"]  # the coordinator's personal token
    settings = Settings(environment="production", database_url=url, secret_key=secret)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        world = partnership(session, token)
    with TestClient(create_app(settings)) as client:
        ids = [agenda_meeting(client, world, engine, agenda_cases) for _ in range(meetings)]
    dispose_engines()
    engine.dispose()
    return Seeded(base.case_ids, token, ids)


# ---- load ------------------------------------------------------------------------------


def render_loop(
    base: str, token: str, cache: Path, renders: Renders, stop: threading.Event
) -> None:
    """Download the meeting's agenda again and again, each time after emptying the cache."""
    url = f"{base}/api/v1/meetings/{renders.meeting_id}/agenda.pdf"
    with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=600) as client:
        while not stop.is_set():
            for old in cache.glob("*.pdf"):
                old.unlink(missing_ok=True)
            started = time.monotonic()
            try:
                r = client.get(url)
                ok = r.status_code == 200 and r.content.startswith(b"%PDF-")
            except httpx.HTTPError:
                ok = False
            renders.done.append((started, time.monotonic(), ok))


def reads(base: str, paths: str, token: str, clients: int, seconds: int) -> dict[str, Any]:
    return wrk(base, "get.lua", [paths], clients=clients, seconds=seconds, token=token)


def during_renders(
    base: str, seeded: Seeded, cache: Path, paths: str, opts: argparse.Namespace
) -> tuple[dict[str, Any], dict[str, Any]]:
    """wrk's reads while every render client keeps a render going; what the renders did."""
    stop = threading.Event()
    clients = [Renders(m) for m in seeded.meeting_ids]
    threads = [
        threading.Thread(target=render_loop, args=(base, seeded.token, cache, r, stop))
        for r in clients
    ]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # every render client has asked; its view is built and rendering
    started = time.monotonic()
    result = reads(base, paths, seeded.token, opts.clients, opts.seconds)
    ended = time.monotonic()
    stop.set()
    for thread in threads:
        thread.join(timeout=900)
    every = [d for r in clients for d in r.done]
    times = [end - begin for begin, end, ok in every if ok]
    return result, {
        "renders": sum(1 for r in clients for *_, ok in r.finished(started, ended) if ok),
        "render_errors": sum(1 for *_, ok in every if not ok),
        "render_s": statistics.median(times) if times else 0.0,
        "busy": statistics.mean(r.busy(started, ended) for r in clients),
    }


def check(base: str, seeded: Seeded, cache: Path) -> None:
    """One read and one render of each meeting, before anything is timed: a run that measured
    401s or failed renders would be worthless. This also starts the render pools."""
    headers = {"Authorization": f"Bearer {seeded.token}"}
    r = httpx.get(f"{base}/api/v1/cases/{seeded.case_ids[0]}", headers=headers, timeout=60)
    if r.status_code != 200:
        raise SystemExit(f"pre-flight case read: {r.status_code} {r.text[:300]}")
    for meeting_id in seeded.meeting_ids:
        r = httpx.get(
            f"{base}/api/v1/meetings/{meeting_id}/agenda.pdf", headers=headers, timeout=600
        )
        if r.status_code != 200 or not r.content.startswith(b"%PDF-"):
            raise SystemExit(f"pre-flight agenda {meeting_id}: {r.status_code} {r.text[:300]}")
    if not list(cache.glob("*.pdf")):
        raise SystemExit(
            f"no PDF in {cache}: the cache folder the bench empties is not the server's"
        )


def measure(
    backend: str,
    url: str,
    secret: str,
    seeded: Seeded,
    nice: int,
    folder: Path,
    opts: argparse.Namespace,
) -> Row:
    """One server with this niceness: warm-up, idle reads, reads during renders."""
    port, data = free_port(), folder / f"data-nice{nice}"
    env = {
        "RISKPANEL_DATABASE_URL": url,
        "RISKPANEL_SECRET_KEY": secret,
        "RISKPANEL_ENVIRONMENT": "production",
        "RISKPANEL_DATA_DIR": str(data),
        "RISKPANEL_RENDER_WORKER_NICE": str(nice),
    }
    command = [str(Path(sys.executable).parent / "riskpanel"), "serve", "--no-migrate"]
    command += ["--port", str(port), "--workers", str(opts.workers)]
    log = folder / f"riskpanel-nice{nice}.log"
    base = f"http://127.0.0.1:{port}"
    paths = folder / "read.txt"
    paths.write_text("".join(f"/api/v1/cases/{i}\n" for i in seeded.case_ids))
    server = start(command, env, f"{base}/api/v1/health", log, opts.workers)
    try:
        cache = data / "pdf-cache"
        check(base, seeded, cache)
        before = worker_log(log)[1]
        reads(base, str(paths), seeded.token, opts.clients, 2)  # warm-up
        idle = reads(base, str(paths), seeded.token, opts.clients, opts.seconds)
        loaded, renders = during_renders(base, seeded, cache, str(paths), opts)
        restarts = worker_log(log)[1] - before
    finally:
        stop(server)
    return Row(backend, nice, idle, loaded, **renders, restarts=restarts)


# ---- report ----------------------------------------------------------------------------


def _ms(us: float) -> str:
    return f"{us / 1000:,.1f}"


def _errors(result: dict[str, Any]) -> int:
    return int(sum(result[k] for k in ("connect", "read", "write", "timeout", "status")))


def _rps(result: dict[str, Any]) -> str:
    return f"{result['requests'] / (result['duration_us'] / 1e6):,.0f}"


def render_block(rows: list[Row], opts: argparse.Namespace, command: str) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    lines = [
        f"`{command}`",
        "",
        f"{when}, {os.cpu_count()} CPUs; `riskpanel serve --workers {opts.workers}`; wrk reads "
        f"`GET /api/v1/cases/{{id}}` (coordinator token, {opts.read_cases} cases in turn) at "
        f"{opts.clients} connections for {opts.seconds} s idle, then again while "
        f"{opts.render_clients} client(s) each download their own "
        f"{opts.agenda_cases}-case meeting's `agenda.pdf` over and over, the PDF cache emptied "
        "before each (every download a full render). nice: `RISKPANEL_RENDER_WORKER_NICE` "
        "(0: the PDF workers at the web workers' priority). Renders done: finished while wrk "
        "read; rendering: the share of wrk's run with a render under way; median render: "
        "every render of that phase.",
        "",
        "| backend | nice | idle req/s | idle p50 ms | idle p99 ms | during req/s "
        "| during p50 ms | during p99 ms | p99 during/idle | renders done | rendering "
        "| median render s | errors reads/renders |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| --- |",
    ]
    for row in rows:
        lines.append(
            f"| {BACKENDS[row.backend]} | {row.nice} | {_rps(row.idle)} | {_ms(row.idle['p50'])} "
            f"| {_ms(row.idle['p99'])} | {_rps(row.loaded)} | {_ms(row.loaded['p50'])} "
            f"| {_ms(row.loaded['p99'])} | {row.ratio:.2f} | {row.renders} | {row.busy:.0%} "
            f"| {row.render_s:.1f} "
            f"| {_errors(row.idle) + _errors(row.loaded)} / {row.render_errors} |"
        )
    lines.append("")
    for row in rows:
        met = "met" if row.ratio <= TARGET else "not met"
        if not row.busy:
            met = "not measured: no render ran while wrk read"
        lines.append(
            f"- {BACKENDS[row.backend]}, nice {row.nice}: a case read's p99 during renders is "
            f"{row.ratio:.2f}x its idle p99 (target <= {TARGET:.0f}x: {met}), with a render "
            f"under way {row.busy:.0%} of the time ({row.renders} finished)"
            + (f"; uvicorn restarted {row.restarts} worker(s)" if row.restarts else "")
        )
    return "\n".join(lines) + "\n"


def run_backend(backend: str, opts: argparse.Namespace) -> list[Row]:
    """A fresh database, seeded once, then one server per niceness."""
    secret, rows = secrets.token_urlsafe(48), []
    with (
        database(backend, opts.pg) as url,
        tempfile.TemporaryDirectory(prefix="rp_render_") as tmp,
    ):
        began = time.monotonic()
        seeded = seed_all(
            url,
            secret,
            read_cases=opts.read_cases,
            agenda_cases=opts.agenda_cases,
            meetings=opts.render_clients,
        )
        print(f"[{backend}] seeded in {timedelta(seconds=int(time.monotonic() - began))}")
        for nice in opts.nice:
            rows.append(measure(backend, url, secret, seeded, nice, Path(tmp), opts))
            print(render_block(rows[-1:], opts, "").splitlines()[-1], flush=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--backends", nargs="+", choices=list(BACKENDS), default=list(BACKENDS))
    parser.add_argument("--pg", default=PG_ADMIN, help="admin URL for the scratch database")
    parser.add_argument("--seconds", type=int, default=10, help="per measurement")
    parser.add_argument("--clients", type=int, default=8, help="wrk connections reading cases")
    parser.add_argument("--render-clients", type=int, default=1)
    parser.add_argument("--agenda-cases", type=int, default=100)
    parser.add_argument("--read-cases", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn processes")
    parser.add_argument("--nice", type=int, nargs="+", default=[0, 10])
    parser.add_argument("--readme", action="store_true", help="rewrite README's block")
    opts = parser.parse_args(argv)
    for name in ("httpx", "httpx2"):  # httpx2: the TestClient's, while seeding
        logging.getLogger(name).setLevel(logging.WARNING)
    rows: list[Row] = []
    for backend in opts.backends:
        rows += run_backend(backend, opts)
    shown = " ".join(argv if argv is not None else sys.argv[1:])
    block = render_block(rows, opts, f".venv/bin/python bench/bench_render_load.py {shown}".strip())
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "render_load.md").write_text(block)
    print("\n" + block)
    if opts.readme:
        write_readme(block, MARKERS)


if __name__ == "__main__":
    main()
