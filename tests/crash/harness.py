"""A real `riskpanel serve` to kill, and partner clients that keep writing through it.

The clients follow the partner guide exactly: If-Match with the ETag they last saw, a fresh
Idempotency-Key per update, and after a dropped connection or a 5xx the same key and body
again until the server gives a definite answer. Every 2xx is recorded: those are the
writes the server promised to keep.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from riskpanel.config import Settings

READY_WITHIN = 90.0  # seconds; a loaded 2-core CI box imports the app slowly
GIVE_UP_AFTER = 120.0  # one update retried for this long means the server never came back


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`riskpanel serve` in its own process group, so kill -9 takes every worker with it."""

    def __init__(self, settings: Settings, log: Path, *, workers: int = 1) -> None:
        self.settings, self.log, self.workers = settings, log, workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.start_seconds: list[float] = []

    def _command(self) -> list[str]:
        script = Path(sys.executable).with_name("riskpanel")
        runner = [sys.executable, "-c", "from riskpanel.cli import main; main()"]
        head = [str(script)] if script.exists() else runner
        port = str(self.port)
        return [
            *head,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            port,
            "--workers",
            str(self.workers),
        ]

    def start(self) -> None:
        env = {
            **os.environ,
            "RISKPANEL_DATABASE_URL": self.settings.database_url,
            "RISKPANEL_SECRET_KEY": self.settings.secret_key,
            "RISKPANEL_ENVIRONMENT": "test",
            "RISKPANEL_DATA_DIR": str(self.settings.data_dir),
            "RISKPANEL_LOG_LEVEL": "WARNING",
        }
        began = time.monotonic()
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                self._command(),
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.log.parent,
                start_new_session=True,
            )
        self._wait_ready(began)
        self.start_seconds.append(time.monotonic() - began)

    def _wait_ready(self, began: float) -> None:
        assert self.proc is not None
        while time.monotonic() - began < READY_WITHIN:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"riskpanel serve exited {self.proc.returncode}:\n{self.tail()}"
                )
            try:
                if httpx.get(f"{self.base}/api/v1/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.kill9()
        raise AssertionError(f"riskpanel serve was not ready in {READY_WITHIN} s:\n{self.tail()}")

    def kill9(self) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        """A clean shutdown, so nothing of the test's own making is left running."""
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill9()

    def tail(self, lines: int = 30) -> str:
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@dataclass(frozen=True)
class Ack:
    key: str
    action_id: int
    progress: str
    note: str
    update_id: int
    replayed: bool
    request_id: str
    in_flight_at_a_kill: bool  # an attempt was sent and its answer never came


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    acks: list[Ack] = field(default_factory=list)
    sent_notes: set[str] = field(default_factory=set)
    refused: int = 0  # attempts made while the server was down (connection refused)
    server_errors: int = 0
    unexpected: list[str] = field(default_factory=list)

    def acked(self) -> int:
        with self.lock:
            return len(self.acks)


class Partner(threading.Thread):
    """One partner system posting progress on its own actions, round and round."""

    def __init__(
        self, name: str, base: str, token: str, etags: dict[int, str], tally: Tally
    ) -> None:
        super().__init__(name=name, daemon=True)
        self.base, self.token, self.etags, self.tally = base, token, dict(etags), tally
        self.stopping = threading.Event()

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.base, headers=headers, timeout=10) as http:
            acknowledged: set[int] = set()
            n = 0
            while not self.stopping.is_set():
                action_id = list(self.etags)[n % len(self.etags)]
                n += 1
                progress = "in_progress" if action_id in acknowledged else "acknowledged"
                note = f"{self.name} update {n}"
                if self._deliver(http, action_id, {"progress": progress, "note": note}):
                    acknowledged.add(action_id)
                else:
                    return

    def _deliver(self, http: httpx.Client, action_id: int, body: dict[str, str]) -> bool:
        """Same key, same body, same If-Match until a definite answer, as a partner would."""
        key, started = uuid.uuid4().hex, time.monotonic()
        with self.tally.lock:
            self.tally.sent_notes.add(body["note"])
        headers = {"If-Match": self.etags[action_id], "Idempotency-Key": key}
        in_flight, pause = False, 0.05
        while time.monotonic() - started < GIVE_UP_AFTER:
            try:
                r = http.post(f"/api/v1/actions/{action_id}/updates", json=body, headers=headers)
            except httpx.ConnectError:
                with self.tally.lock:
                    self.tally.refused += 1
                time.sleep(pause)
                pause = min(pause * 2, 0.4)  # back off while the server is down
                continue
            except httpx.TransportError:  # sent, then the server died: reset or no answer
                in_flight = True
                continue
            if r.status_code >= 500:
                with self.tally.lock:
                    self.tally.server_errors += 1
                time.sleep(pause)
                pause = min(pause * 2, 0.4)
                continue
            if r.status_code != 201:
                with self.tally.lock:
                    self.tally.unexpected.append(f"{r.status_code} {r.text[:300]}")
                return False
            self._acked(r, key, action_id, body, in_flight)
            return True
        with self.tally.lock:
            self.tally.unexpected.append(f"no answer for {GIVE_UP_AFTER} s")
        return False

    def _acked(
        self, r: httpx.Response, key: str, action_id: int, body: dict[str, str], cut: bool
    ) -> None:
        self.etags[action_id] = r.headers["etag"]
        newest = max(r.json()["history"], key=lambda event: event["id"])
        ack = Ack(
            key=key,
            action_id=action_id,
            progress=body["progress"],
            note=body["note"],
            update_id=newest["id"],
            replayed=r.headers.get("idempotent-replayed") == "true",
            request_id=r.headers["x-request-id"],
            in_flight_at_a_kill=cut,
        )
        with self.tally.lock:
            self.tally.acks.append(ack)
