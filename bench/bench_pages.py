"""Do the pages a coordinator reads stay fast as the database grows? (PostgreSQL, over HTTP)

    .venv/bin/python bench/bench_pages.py                        # 10k, then 100k cases
    .venv/bin/python bench/bench_pages.py --readme               # also the README block
    .venv/bin/python bench/bench_pages.py --sizes 10000 --keep   # keep the database ...
    .venv/bin/python bench/bench_pages.py --database URL --sizes 100000   # ... and grow it

The database is loaded by bench/scale_load.py (as bench/bench_scale.py does): 10 panels of 9
agencies, synthetic cases with victim, referral and three actions each, and
`--audit-per-case` access-log rows per case (100: 10M rows at 100k cases), then VACUUM
ANALYZE of the whole database as autovacuum would leave it. With `--database` an existing
bench database is reused and only grown to each size.

At each size `riskpanel serve --workers 2` serves the database as in production (second
factor required) and wrk drives each page for `--seconds` at `--clients` connections,
signed in as panel 1's coordinator. The session is minted the way the sign-in flow opens
one once the password and the second factor are passed (``auth.sessions.open_session``,
then ``mfa_verified_at`` stamped as the TOTP step does): the bench knows no password and
no TOTP secret. Pages: the dashboard; a case page (rotating over 50 of the panel's cases);
the case list searched by part of a reference and by a victim's family name (rotating
over several of each); and the meeting page with its agenda builder (the proposal) for a
meeting in three weeks. Writes bench/results/pages.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from api_servers import free_port, start, stop, wrk  # noqa: E402
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
MARKERS = ("<!-- bench:pages:start -->", "<!-- bench:pages:end -->")
SECRET = "bench-pages-secret-key-0123456789abcdef"
PAGES = ["dashboard", "case page", "cases: reference search", "cases: name search", "agenda"]
P95_TARGET_MS, FLAT = 150.0, 0.20


@dataclass
class Result:
    page: str
    requests: int
    p50: float  # ms
    p95: float
    p99: float
    rps: float
    errors: int
    size: int  # bytes of one response
    alone: float = 0.0  # ms, median of sequential requests: the page's own time, no queue


# ---- the database ---------------------------------------------------------------------


def existing_partnership(url: str) -> Partnership:
    """The panels, agencies and coordinators scale_load.partnership made, read back."""
    world = Partnership([], {}, {})
    with connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT id FROM panel ORDER BY id")
        world.panels = [r[0] for r in cur.fetchall()]
        for panel in world.panels:
            cur.execute(
                "SELECT m.agency_id FROM panel_membership m JOIN agency a ON a.id = m.agency_id "
                "WHERE m.panel_id = %s ORDER BY a.id",
                (panel,),
            )
            world.agencies[panel] = [r[0] for r in cur.fetchall()]
            cur.execute(
                "SELECT id FROM app_user WHERE panel_id = %s AND role = 'coordinator' "
                "ORDER BY id LIMIT 1",
                (panel,),
            )
            world.coordinator[panel] = cur.fetchone()[0]
    return world


def counts(url: str) -> tuple[int, int, int]:
    with connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT max(id) FROM case_file")
        cases = int(cur.fetchone()[0] or 0)
        cur.execute("SELECT count(*) FROM action")
        actions = int(cur.fetchone()[0])
        cur.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'audit_event'")
        audit = max(int(cur.fetchone()[0]), 0)
    return cases, actions, audit


def grow_to(url: str, world: Partnership, size: int, args: argparse.Namespace) -> None:
    """Load cases (and their log rows) up to ``size``; a database already that big is kept."""
    have = counts(url)[0]
    if have >= size:
        return
    started = time.monotonic()
    load_cases(url, CaseFactory(world, datetime.now(UTC)), have, size)
    deadline = time.monotonic() + args.audit_budget
    load_audit(url, first=have + 1, stop=size + 1, per=args.audit_per_case, deadline=deadline)
    with connect(url) as conn:  # as autovacuum leaves a live database: index-only scans work
        conn.autocommit = True
        # the whole database, the access log too: left to autovacuum, its 10M fresh rows were
        # vacuumed while the pages were timed, and the largest size measured that as well
        conn.execute("VACUUM ANALYZE")
    print(f"grew to {size:,} cases in {time.monotonic() - started:.0f} s", flush=True)


# ---- the bench's coordinator, meeting and paths --------------------------------------


def mint_session(url: str, user_id: int) -> str:
    """A web session as the sign-in flow leaves it after the password and the TOTP code."""
    from sqlmodel import Session

    from riskpanel.auth.sessions import open_session
    from riskpanel.db import make_engine
    from riskpanel.models import User, utcnow

    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            user = session.get(User, user_id)
            assert user is not None
            signed = open_session(session=session, user=user, key=SECRET, max_age_seconds=7200)
            signed.web_session.mfa_verified_at = utcnow()
            session.add(signed.web_session)
            session.commit()
            return signed.session_token
    finally:
        engine.dispose()


def meeting_for(url: str, world: Partnership) -> int:
    """Panel 1's meeting in three weeks (made through the service the first time)."""
    from sqlmodel import Session

    from riskpanel.config import Settings
    from riskpanel.db import make_engine
    from riskpanel.kit.caller import Caller
    from riskpanel.kit.principal import Principal
    from riskpanel.meetings.schemas import MeetingCreate
    from riskpanel.meetings.service import create_meeting

    panel = world.panels[0]
    with connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT id FROM meeting WHERE panel_id = %s ORDER BY id LIMIT 1", (panel,))
        row = cur.fetchone()
    if row:
        return int(row[0])
    engine = make_engine(url)
    principal = Principal(
        role="coordinator", label="bench", user_id=world.coordinator[panel], panel_id=panel
    )
    starts = (datetime.now(UTC) + timedelta(days=21)).replace(hour=10, minute=0, microsecond=0)
    try:
        with Session(engine, expire_on_commit=False) as session:
            meeting = create_meeting(
                session=session,
                caller=Caller(principal, Settings(database_url=url, secret_key=SECRET)),
                data=MeetingCreate(starts_at=starts, venue="Bench room"),
            )
            session.commit()
            return meeting.id or 0
    finally:
        engine.dispose()


def paths(url: str, world: Partnership, meeting: int) -> dict[str, list[str]]:
    """Each page's URLs: the same searches at every size (the first cases never change)."""
    panel = world.panels[0]
    with connect(url) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT id FROM case_file WHERE panel_id = %s AND id <= 10000 ORDER BY id", (panel,)
        )
        ids = [r[0] for r in cur.fetchall()]
        cur.execute(
            "SELECT DISTINCT p.family_name FROM case_file c JOIN person p "
            "ON p.id = c.victim_person_id WHERE c.panel_id = %s AND c.id <= 200 "
            "ORDER BY 1 LIMIT 8",
            (panel,),
        )
        names = [r[0] for r in cur.fetchall()]
    cases = ids[:: max(1, len(ids) // 50)][:50]
    # 'HC-S-000012' matches cases 1200-1299: the same 100 cases (10 of the panel's) at any size
    references = [f"HC-S-0000{n}" for n in range(12, 20)]
    return {
        "dashboard": ["/dashboard"],
        "case page": [f"/cases/{i}" for i in cases],
        "cases: reference search": [f"/cases?q={r}" for r in references],
        "cases: name search": [f"/cases?q={quote(n)}" for n in names],
        "agenda": [f"/meetings/{meeting}"],
    }


# ---- measuring ------------------------------------------------------------------------


def one_by_one(base: str, cookie: str, urls: list[str], repeats: int) -> tuple[int, float]:
    """The first URL's body size, and the median time of ``repeats`` requests sent one at a
    time (after one round of every URL, which must each answer 200: a refused page is not
    timed). With nobody queueing, this is the page's own cost on this machine."""
    size, times = 0, []
    with httpx.Client(base_url=base, headers={"Cookie": cookie}, timeout=60) as client:
        for n, path in enumerate(urls):
            r = client.get(path)
            if r.status_code != 200:
                raise SystemExit(f"{path} answered {r.status_code}: {r.text[:300]}")
            if n == 0:
                size = len(r.content)
        for n in range(repeats):
            started = time.perf_counter()
            client.get(urls[n % len(urls)])
            times.append(time.perf_counter() - started)
    return size, statistics.median(times) * 1000


def measure(base: str, cookie: str, pages: dict[str, list[str]], args: Any) -> list[Result]:
    results = []
    for name in PAGES:
        urls = pages[name]
        size, alone = one_by_one(base, cookie, urls, args.alone)
        with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
            listing.write("\n".join(urls) + "\n")
            listing.flush()
            warm: dict[str, Any] = {"clients": args.clients, "headers": [f"Cookie: {cookie}"]}
            wrk(base, "get.lua", [listing.name], seconds=2, **warm)
            out = wrk(base, "get.lua", [listing.name], seconds=args.seconds, **warm)
        errors = sum(n for code, n in out["statuses"].items() if code != "200")
        errors += out["connect"] + out["read"] + out["write"] + out["timeout"]
        result = Result(
            name,
            out["requests"],
            out["p50"] / 1000,
            out["p95"] / 1000,
            out["p99"] / 1000,
            out["requests"] / (out["duration_us"] / 1e6),
            errors,
            size,
            alone,
        )
        print(
            f"  {name:26} alone {alone:6.1f} ms  p50 {result.p50:7.1f} ms  "
            f"p95 {result.p95:7.1f} ms  {result.rps:6.1f}/s  {size / 1024:6.1f} KiB  "
            f"errors {errors}",
            flush=True,
        )
        results.append(result)
    return results


def serve_and_measure(url: str, world: Partnership, args: Any) -> list[Result]:
    meeting = meeting_for(url, world)
    token = mint_session(url, world.coordinator[world.panels[0]])
    cookie = f"riskpanel_session={token}"
    pages = paths(url, world, meeting)
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        env = {
            "RISKPANEL_DATABASE_URL": url,
            "RISKPANEL_SECRET_KEY": SECRET,
            "RISKPANEL_ENVIRONMENT": "production",
            "RISKPANEL_DATA_DIR": str(Path(folder) / "data"),
        }
        rp = [str(Path(sys.executable).parent / "riskpanel"), "serve", "--no-migrate"]
        command = [*rp, "--port", str(port), "--workers", str(args.workers)]
        health = f"http://127.0.0.1:{port}/api/v1/health"
        server = start(command, env, health, Path(folder) / "riskpanel.log", args.workers)
        try:
            return measure(f"http://127.0.0.1:{port}", cookie, pages, args)
        finally:
            stop(server)


# ---- report ---------------------------------------------------------------------------


def render(
    rows: list[tuple[tuple[int, int, int], list[Result]]], command: str, notes: list[str]
) -> str:
    lines = [f"`{command}`", "", *notes, ""]
    lines += [
        "| cases | actions | access-log rows | page | alone ms | requests | p50 ms | p95 ms "
        "| p99 ms | req/s | errors | size KiB |",
        "| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (cases, actions, audit), results in rows:
        for r in results:
            lines.append(
                f"| {cases:,} | {actions:,} | {audit:,} | {r.page} | {r.alone:.1f} | "
                f"{r.requests:,} | {r.p50:.1f} | {r.p95:.1f} | {r.p99:.1f} | {r.rps:.1f} | "
                f"{r.errors} | {r.size / 1024:.1f} |"
            )
    lines.append("")
    (small, first), (large, last) = rows[0], rows[-1]
    for a, b in zip(first, last, strict=True):
        ratio = b.p95 / a.p95 if a.p95 and b.p95 else float("nan")
        p50 = b.p50 / a.p50 if a.p50 and b.p50 else float("nan")
        ok = (
            b.requests > 0 and b.p95 <= P95_TARGET_MS and (len(rows) == 1 or abs(ratio - 1) <= FLAT)
        )
        lines.append(
            f"- {b.page}: p95 {b.p95:.0f} ms at {large[0]:,} cases; p95 at {large[0]:,} / at "
            f"{small[0]:,}: **{ratio:.2f}** (p50 {p50:.2f}) "
            f"{'meets' if ok else 'misses'} the target (p95 <= {P95_TARGET_MS:.0f} ms, "
            f"flat +-{FLAT:.0%}); alone {b.alone:.0f} ms, "
            f"{b.alone / a.alone if a.alone else float('nan'):.2f} x the smaller size's"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--pg", default=PG_ADMIN, help="admin URL; a scratch database is made")
    parser.add_argument("--database", help="reuse (and grow) this bench database instead")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--audit-per-case", type=int, default=100)
    parser.add_argument("--audit-budget", type=float, default=900, help="seconds for log rows")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10, help="wrk seconds per page")
    parser.add_argument("--alone", type=int, default=20, help="one-at-a-time requests per page")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--readme", action="store_true", help="rewrite README's bench:pages block")
    args = parser.parse_args(argv)
    from riskpanel import migrate

    rows = []
    given = nullcontext(args.database) if args.database else None
    with given or scratch_database(args.pg, args.keep) as url:
        migrate.upgrade(url)
        world = existing_partnership(url) if args.database else partnership(url)
        if not world.panels:
            world = partnership(url)
        for size in sorted(args.sizes):
            grow_to(url, world, size, args)
            loaded = counts(url)
            print(f"{loaded[0]:,} cases, {loaded[2]:,} log rows: measuring", flush=True)
            rows.append((loaded, serve_and_measure(url, world, args)))
    shown = " ".join(argv if argv is not None else sys.argv[1:])
    notes = [
        f"{datetime.now(UTC):%Y-%m-%d}, PostgreSQL, {PANELS} panels of {AGENCIES_PER_PANEL} "
        f"agencies (bench/scale_load.py), {args.audit_per_case} access-log rows per case; "
        f"`riskpanel serve --workers {args.workers}` in production mode, wrk with "
        f"{args.clients} connections for {args.seconds} s per page after a 2 s warm-up, "
        "signed in as one panel's coordinator (a session minted as the sign-in leaves it after "
        "the second factor). Every page view writes its access-log rows. Alone: the median of "
        f"{args.alone} requests sent one at a time first (the page's own cost, no queue). Size: "
        "one response's HTML. Target: p95 <= 150 ms at the largest size and flat (+-20 %) from "
        "the smallest.",
    ]
    block = render(rows, f".venv/bin/python bench/bench_pages.py {shown}".strip(), notes)
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = RESULTS / "pages.md"
    # Keep the hand-written sections below the table (from the first "## " heading on).
    kept = results.read_text().partition("\n## ") if results.exists() else ("", "", "")
    results.write_text(block + (f"\n## {kept[2]}" if kept[1] else ""))
    print("\n" + block)
    if args.readme:
        from api_report import write_readme

        write_readme(block, MARKERS)


if __name__ == "__main__":
    main()
