"""The API benchmark's report: the Markdown table, the targets, the README block.

The targets are the performance issue's (see the README's API figures): riskpanel's full
read at least 2/3 of the naive read's throughput, read p99 at 32 clients at most 100 ms
(2 workers), write p99 at 32 writers at most 250 ms with no errors.
"""

from __future__ import annotations

import os
import platform
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SCENARIOS = {
    "read": "read a case (coordinator token)",
    "list": "list open actions (agency key)",
    "write": "post an action update (agency key, If-Match, Idempotency-Key)",
}
API_MARKERS = ("<!-- bench:api:start -->", "<!-- bench:api:end -->")
BACKENDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
LAUNCH = {
    "serve": "`riskpanel serve --workers {n}`",
    "uvicorn": "`python -m uvicorn --factory riskpanel.main:create_app --workers {n}` with "
    "`riskpanel serve`'s options and `--timeout-worker-healthcheck 60`",
}


@dataclass
class Options:
    seconds: int
    warmup: int
    clients: list[int]
    workers: int
    pool: int  # fresh actions per write cell
    quick: bool = False
    scenarios: list[str] = field(default_factory=lambda: list(SCENARIOS))
    logs: Path | None = None  # keep the server logs here (default: deleted with the run)
    server: str = "serve"  # how the servers are launched: see `commands`


@dataclass
class Cell:
    backend: str
    scenario: str
    clients: int
    app: str
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.result["requests"] / (self.result["duration_us"] / 1e6)

    @property
    def stalled(self) -> bool:
        """No answer at all inside the cell (wrk counts only finished requests)."""
        return int(self.result["requests"]) == 0

    def line(self) -> str:
        return (
            f"[{self.backend}] {self.scenario:5} {self.app:9} c={self.clients:<3} "
            f"{self.rps:8.0f} req/s  p99 {self.result['p99'] / 1000:7.1f} ms  errors {self.errors}"
        )

    @property
    def errors(self) -> int:
        r = self.result
        return int(r["connect"] + r["read"] + r["write"] + r["timeout"] + r["status"])


def _ms(us: float) -> str:
    return f"{us / 1000:,.1f}"


def _errors(cell: Cell) -> str:
    if cell.stalled:
        return "stalled"
    if not cell.errors:
        return "0"
    codes = ",".join(f"{c}" for c in sorted({int(k) for k in _statuses(cell) if int(k) >= 400}))
    return f"{cell.errors}" + (f" ({codes})" if codes else "")


def _statuses(cell: Cell) -> list[str]:
    return list(cell.result.get("statuses", {}))


def ratio(rp: Cell, nv: Cell) -> str:
    return f"{rp.rps / nv.rps:.2f}" if nv.rps else "-"


def table(cells: list[Cell], workers: int) -> list[str]:
    index = {(c.backend, c.scenario, c.clients, c.app): c for c in cells}
    lines = [
        "| backend | request | clients | workers | riskpanel req/s | p50 ms | p99 ms "
        "| naive req/s | p50 ms | p99 ms | riskpanel/naive | hello req/s "
        "| errors riskpanel/naive |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for backend in dict.fromkeys(c.backend for c in cells):
        for scenario in SCENARIOS:
            for clients in sorted({c.clients for c in cells if c.scenario == scenario}):
                rp = index.get((backend, scenario, clients, "riskpanel"))
                nv = index.get((backend, scenario, clients, "naive"))
                hello = index.get((backend, "hello", clients, "naive"))
                if rp is None or nv is None:
                    continue
                lines.append(
                    f"| {BACKENDS[backend]} | {scenario} | {clients} | {workers} | {rp.rps:,.0f} | "
                    f"{_ms(rp.result['p50'])} | {_ms(rp.result['p99'])} | {nv.rps:,.0f} | "
                    f"{_ms(nv.result['p50'])} | {_ms(nv.result['p99'])} | "
                    f"{ratio(rp, nv)} | {f'{hello.rps:,.0f}' if hello else '-'} | "
                    f"{_errors(rp)} / {_errors(nv)} |"
                )
    return lines


def targets(cells: list[Cell]) -> list[str]:
    """The performance issue's targets, each checked against this run: at 32 clients the full
    read, list and write at least as fast as the naive app's (a typical ORM endpoint doing
    less); read p99 <= 100 ms; write p99 <= 250 ms with no errors."""
    index = {(c.backend, c.scenario, c.clients, c.app): c for c in cells}
    out = []
    for backend in dict.fromkeys(c.backend for c in cells):
        name = BACKENDS[backend]
        shares = []
        for scenario in ("read", "list", "write"):
            full, naive = (
                index.get((backend, scenario, 32, app)) for app in ("riskpanel", "naive")
            )
            if full and naive:
                share = full.rps / naive.rps if naive.rps else 0.0
                shares.append(f"{scenario} {share:.2f} ({_met(share >= 1.0)})")
        if shares:
            out.append(
                f"- {name}: throughput at 32 clients as a share of the naive app's "
                f"(target >= 1.00 each): {', '.join(shares)}"
            )
        read = index.get((backend, "read", 32, "riskpanel"))
        if read:
            out.append(
                f"- {name}: read p99 at 32 clients {_ms(read.result['p99'])} ms "
                f"(target <= 100 ms: {_met(read.result['p99'] <= 100_000)})"
            )
        write = index.get((backend, "write", 32, "riskpanel"))
        if write:
            ok = write.result["p99"] <= 250_000 and write.errors == 0
            out.append(
                f"- {name}: write p99 at 32 writers {_ms(write.result['p99'])} ms with "
                f"{write.errors} errors (target <= 250 ms, no errors: {_met(ok)})"
            )
    return out


def _met(ok: bool) -> str:
    return "met" if ok else "not met"


def render(cells: list[Cell], opts: Options, command: str, notes: list[str]) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    head = [
        f"`{command}`",
        "",
        f"{when}, {os.cpu_count()} CPUs ({platform.machine()}), wrk 4.1 on 127.0.0.1, "
        f"{opts.seconds:g} s per cell{' (quick run)' if opts.quick else ''}; riskpanel "
        f"({LAUNCH[opts.server].format(n=opts.workers)}) and the naive app "
        f"(bench/naive_app.py, same uvicorn options, {opts.workers} workers) on the same "
        "database; hello is the naive app's `GET /hello` (no database) at the same clients.",
        "",
    ]
    notes = [
        "",
        "read: `GET /api/v1/cases/{id}` as the coordinator (personal token), rotating over 30 "
        "synthetic cases (incidents, strands, parties), with access check and an audit row "
        "each; list: `GET /api/v1/actions?status=open` with the police agency's key (first "
        "page of 50, audited); write: `POST "
        "/api/v1/actions/{id}/updates` with the housing agency's key, `If-Match` and a fresh "
        "`Idempotency-Key`, each request on an untouched action. The naive app reads and writes "
        "the same rows with no auth, audit, If-Match or idempotency. p50/p99 from wrk "
        "(no coordinated-omission correction); errors are non-2xx answers and socket errors.",
        "",
        *targets(cells),
        *(f"- {note}" for note in notes),
    ]
    return "\n".join(head + table(cells, opts.workers) + notes) + "\n"


def replace_block(text: str, markers: tuple[str, str], block: str) -> str | None:
    """The text with the block between the markers replaced, or None if they are missing."""
    start, end = markers
    i, j = text.find(start), text.find(end)
    if i < 0 or j < i:
        return None
    return text[: i + len(start)] + "\n" + block.rstrip("\n") + "\n" + text[j:]


def write_readme(block: str, markers: tuple[str, str]) -> bool:
    readme = ROOT / "README.md"
    updated = replace_block(readme.read_text(), markers, block)
    if updated is None:
        print(f"README.md has no {markers[0]} ... {markers[1]} block; left unchanged")
        return False
    readme.write_text(updated)
    return True


def run_others(quick: bool) -> str:
    """The other benchmarks' own tables, verbatim, each under the command that made it."""
    py = sys.executable
    commands = [
        [py, "bench/bench_workflow.py", "--sqlite", "--pg", PG_ADMIN],
        [py, "bench/bench_redaction.py", *(["--n", "100"] if quick else [])],
        [
            py,
            "bench/bench_pdf.py",
            "--no-images",
            *(["--sizes", "10", "--repeats", "1"] if quick else []),
        ],
    ]
    parts = []
    for command in commands:
        out = subprocess.run(
            command,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=False,
        )
        shown = " ".join(shlex.quote(c) for c in ["python", *command[1:]])
        body = (
            out.stdout.strip()
            if out.returncode == 0
            else f"failed ({out.returncode}): {out.stderr[-300:]}"
        )
        parts.append(f"`{shown}`\n\n{body}\n")
    return "\n".join(parts)
