"""What the meeting page and the agenda proposal cost in statements and rows, not in time.

    .venv/bin/python bench/agenda_counts.py --cases 100000            # load, count, drop
    .venv/bin/python bench/agenda_counts.py --cases 100000 --keep     # keep the database
    .venv/bin/python bench/agenda_counts.py --database URL --explain  # reuse it, with plans

Counts hold on a busy machine where wall-clock times do not (four helpers share two cores
while issue 20 is worked on). Loads PostgreSQL with bench/scale_load.py as the pages bench
does (no access-log rows: they do not touch the agenda), makes panel 1's meeting in three
weeks, and asks the meeting page (coordinator, in-process) and the proposal API. Reports
per request: the SQL statements, the rows they returned to Python, the proposal's items
and the HTML size. With ``--explain`` it prints EXPLAIN (ANALYZE, BUFFERS) of each
statement of the proposal that reads ``case_file``.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_pages import (  # noqa: E402
    PG_ADMIN,
    SECRET,
    existing_partnership,
    meeting_for,
    mint_session,
)
from scale_load import (  # noqa: E402
    CaseFactory,
    connect,
    load_cases,
    partnership,
    scratch_database,
)


class Counter:
    """Every statement an engine runs while ``on``, with the rows it returned."""

    def __init__(self) -> None:
        self.on = False
        self.statements: list[tuple[str, Any, int]] = []
        self.calls = 0

    def profile(self, frame: Any, event: str, arg: Any) -> None:
        """Python function calls in every thread (set before the app's threads start)."""
        if self.on and event == "call":
            self.calls += 1

    def after(self, conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if self.on:
            rows = cursor.rowcount if statement.lstrip().upper().startswith("SELECT") else 0
            self.statements.append((statement, params, max(rows, 0)))

    @contextmanager
    def counting(self) -> Iterator[list[tuple[str, Any, int]]]:
        self.statements = []
        self.calls = 0
        self.on = True
        try:
            yield self.statements
        finally:
            self.on = False


def load(url: str, cases: int) -> Any:
    from riskpanel import migrate

    migrate.upgrade(url)
    world = partnership(url)
    load_cases(url, CaseFactory(world, datetime.now(UTC)), 0, cases)
    with connect(url) as conn:
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
    return world


def explain(url: str, statements: list[tuple[str, Any, int]]) -> None:
    with connect(url) as conn, conn.cursor() as cur:
        for statement, params, _ in statements:
            if "case_file" not in statement or not statement.lstrip().upper().startswith("SELECT"):
                continue
            print("\n" + " ".join(statement.split())[:600])
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
            print("\n".join(r[0] for r in cur.fetchall()))


def summary(name: str, statements: list[tuple[str, Any, int]], extra: str) -> None:
    rows = sum(r for _, _, r in statements)
    print(f"{name:30} statements {len(statements):4}  rows returned {rows:6}  {extra}")


def measure(url: str, world: Any, args: argparse.Namespace) -> None:
    from fastapi.testclient import TestClient
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from riskpanel.config import Settings
    from riskpanel.main import create_app

    meeting = meeting_for(url, world)
    token = mint_session(url, world.coordinator[world.panels[0]])
    counter = Counter()
    event.listen(Engine, "after_cursor_execute", counter.after)
    threading.setprofile(counter.profile)
    settings = Settings(database_url=url, secret_key=SECRET, environment="development")
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        client.cookies.set("riskpanel_session", token)
        page = f"/meetings/{meeting}"
        assert client.get(page).status_code == 200  # warm: caches, prepared statements
        with counter.counting() as statements:
            r = client.get(page)
        assert r.status_code == 200, r.text[:300]
        extra = f"Python calls {counter.calls:,}  HTML {len(r.content) / 1024:.1f} KiB"
        summary("meeting page", statements, extra)
        api = f"/api/v1/meetings/{meeting}/agenda/proposal"
        with counter.counting() as statements:
            r = client.get(api)
        assert r.status_code == 200, r.text[:300]
        body = r.json()
        kinds: dict[str, int] = {}
        for item in body["items"]:
            kinds[item["section"]] = kinds.get(item["section"], 0) + 1
        extra = f"Python calls {counter.calls:,}  items {len(body['items'])} {kinds}"
        extra += f" deferred {len(body['deferred'])}"
        summary("proposal API", statements, extra)
        if "sections" in body:
            print(f"{'':30} sections {body['sections']}")
        if args.explain:
            explain(url, statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database", help="an existing database loaded by this script")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    scratch = nullcontext(args.database) if args.database else scratch_database(PG_ADMIN, args.keep)
    with scratch as url:
        world = existing_partnership(url) if args.database else load(url, args.cases)
        measure(url, world, args)


if __name__ == "__main__":
    main()
