"""Servers and load for bench/run.py: launching both apps, waiting for their workers, wrk.

Each server runs in its own process group, so stopping it stops its uvicorn workers too.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
LUA = BENCH / "lua"
WRK = "/usr/bin/wrk"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


STARTED = re.compile(r"Started server process \[(\d+)\]")
DIED = re.compile(r"Child process \[(\d+)\] died")


def worker_log(log: Path) -> tuple[int, int]:
    """(workers serving, workers uvicorn killed so far) from the server's log.

    uvicorn's supervisor kills a worker that does not answer its ping within 5 s
    (`timeout_worker_healthcheck`), which can happen while a worker is still importing on
    a busy machine; a cell measured then would be measuring restarts."""
    text = log.read_text(errors="replace") if log.exists() else ""
    started, died = set(STARTED.findall(text)), set(DIED.findall(text))
    return len(started - died), len(died)


def start(
    command: list[str], env: dict[str, str], health: str, log: Path, workers: int
) -> subprocess.Popen[bytes]:
    """A server in its own process group, so stopping it also stops its uvicorn workers.
    Ready when every worker has started and the health URL answers."""
    with log.open("ab") as out:
        server = subprocess.Popen(
            command,
            env={**os.environ, **env},
            cwd=log.parent,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited ({server.returncode}); see {log}")
        try:
            ok = httpx.get(health, timeout=2).status_code == 200
            if ok and worker_log(log)[0] >= workers:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    stop(server)
    raise SystemExit(f"server did not answer {health} with {workers} workers; see {log}")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def commands(server: str, workers: int, rp_port: int, naive_port: int) -> list[list[str]]:
    """`serve`: `riskpanel serve` as documented, and the naive app's main() with the same
    uvicorn options. `uvicorn`: both through `python -m uvicorn` with those options and a
    60 s worker healthcheck, for a busy machine where a worker re-importing the CLI takes
    longer than uvicorn's default 5 s and is killed before it serves (see worker_log)."""
    common = ["--workers", str(workers)]
    if server == "serve":
        rp = [str(Path(sys.executable).parent / "riskpanel"), "serve", "--no-migrate"]
        naive = [sys.executable, str(BENCH / "naive_app.py")]
        return [
            [*rp, "--port", str(rp_port), *common],
            [*naive, "--port", str(naive_port), *common],
        ]
    uv = [
        sys.executable,
        "-m",
        "uvicorn",
        "--host",
        "127.0.0.1",
        "--proxy-headers",
        "--forwarded-allow-ips",
        "127.0.0.1",
        "--log-level",
        "info",
        "--timeout-worker-healthcheck",
        "60",
        *common,
    ]
    return [
        [*uv, "--port", str(rp_port), "--factory", "riskpanel.main:create_app"],
        [*uv, "--port", str(naive_port), "--app-dir", str(BENCH), "naive_app:app"],
    ]


@contextmanager
def servers(
    url: str, secret: str, *, launch: str, workers: int, folder: Path
) -> Iterator[dict[str, str]]:
    """riskpanel and the naive app on the same database, each with `workers` processes."""
    rp_port, naive_port = free_port(), free_port()
    rp_env = {
        "RISKPANEL_DATABASE_URL": url,
        "RISKPANEL_SECRET_KEY": secret,
        "RISKPANEL_ENVIRONMENT": "production",
        "RISKPANEL_DATA_DIR": str(folder / "data"),
    }
    rp_cmd, naive_cmd = commands(launch, workers, rp_port, naive_port)
    rp = start(
        rp_cmd,
        rp_env,
        f"http://127.0.0.1:{rp_port}/api/v1/health",
        folder / "riskpanel.log",
        workers,
    )
    try:
        naive_env = {"NAIVE_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
        naive = start(
            naive_cmd,
            naive_env,
            f"http://127.0.0.1:{naive_port}/hello",
            folder / "naive.log",
            workers,
        )
        try:
            yield {
                "riskpanel": f"http://127.0.0.1:{rp_port}",
                "naive": f"http://127.0.0.1:{naive_port}",
            }
        finally:
            stop(naive)
    finally:
        stop(rp)


def wrk(
    base: str,
    script: str,
    args: list[str],
    *,
    clients: int,
    seconds: int,
    token: str | None = None,
    headers: list[str] | None = None,
) -> dict[str, Any]:
    threads = min(clients, 2)
    command = [WRK, "-t", str(threads), "-c", str(clients), "-d", f"{seconds}s", "--timeout", "10s"]
    command += ["-s", str(LUA / script)]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    for header in headers or []:
        command += ["-H", header]
    command += [base, "--", *args]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    return parse_wrk(out.stdout, out.stderr)


def parse_wrk(stdout: str, stderr: str = "") -> dict[str, Any]:
    """The BENCHJSON line printed by bench/lua/common.lua's done()."""
    for line in stdout.splitlines():
        if line.startswith("BENCHJSON "):
            data: dict[str, Any] = json.loads(line.removeprefix("BENCHJSON "))
            return data
    raise RuntimeError(f"wrk gave no result: {stdout[-500:]} {stderr[-500:]}")
