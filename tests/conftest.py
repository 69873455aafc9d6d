"""Test databases are built by the migrations (never create_all).

One template database is migrated per run; each test that needs the database gets a fresh
copy of it (a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL), so tests
commit for real and stay isolated. RISKPANEL_TEST_BACKEND picks sqlite or postgresql.
Tests that never touch the database are marked `nodb` and run once (in the SQLite pass),
and so do the Playwright browser tests (BROWSER_ONCE says why).

What made the suite slow, and what it does instead (issue 16): a second template holds the
shared `world`, built once per run, so a test using it copies the world instead of building
it; passwords are hashed with test-only argon2id parameters; the webhook documentation's
models are built once per run, not once per app; and the PostgreSQL test role does not wait
for each commit's flush. Every template is per process, so pytest-xdist workers
(`scripts/test.sh` runs two) each build their own.

On PostgreSQL the template is migrated as the owner (postgres) and granted to a runtime
role, as `riskpanel db roles` does; the app and the test's `session` connect as that
runtime role, like a deployment. A test that plays an attacker with more rights, or does
what only the owner may, uses `owner_engine`.
"""

from __future__ import annotations

import os
import queue
import shutil
import sqlite3
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, ProgrammingError
from sqlmodel import Session
from typer.testing import CliRunner

from riskpanel import dbroles, migrate
from riskpanel.access import secrets as auth_secrets
from riskpanel.config import Settings, get_settings
from riskpanel.db import bind_settings, dispose_engines, get_engine, make_engine
from riskpanel.documents import pool as render_pool
from riskpanel.notifications.webhooks import docs as webhook_docs
from tests.fixtures import World, WorldIds, app, build_world, client, world  # noqa: F401 - shared fixtures
from tests.web.helpers import browser  # noqa: F401 - page tests live beside their domains
from tests.web.live import chromium, site  # noqa: F401 - browser tests too

BACKEND = os.environ.get("RISKPANEL_TEST_BACKEND", "sqlite")
PG_ADMIN_URL = os.environ.get(
    "RISKPANEL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
RUNTIME_ROLE = "riskpanel_test_runtime"
AXE_CHECKS = "axe-core page checks"
DB_FIXTURES = {
    "database_url",
    "owner_database_url",
    "engine",
    "owner_engine",
    "session",
    "client",
    "app",
    "world",
    "settings",
}


#: The product's own argon2id hasher (library defaults: RFC 9106's low-memory choice).
PRODUCTION_HASHER = auth_secrets._hasher
#: Tests hash passwords with the cheapest argon2id parameters: every `world` creates eight
#: users, and at the production cost their hashes were most of the suite's time. Hashing,
#: verifying and the timing-equalising dummy hash all still run through the same code; only
#: the work factor differs (tests/security/test_signin.py checks the production parameters).
TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashes() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth_secrets, "_hasher", TEST_HASHER)
        yield


@pytest.fixture(autouse=True, scope="session")
def webhook_models_once() -> Iterator[None]:
    """Each test builds its own app, and each app documented its webhooks with fifteen new
    pydantic models, the same each time: most of `create_app`'s cost. The models are a pure
    function of the notification kind, so one set per run documents every app alike."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(webhook_docs, "payload_model", cache(webhook_docs.payload_model))
        yield


@pytest.fixture(autouse=True, scope="session")
def one_render_pool() -> Iterator[None]:
    """A server keeps its PDF render workers for its life; each test's app stopped them at
    shutdown, so every test that rendered a document started two new workers, each
    importing WeasyPrint (seconds of CPU). The workers are stateless (a view in, PDF bytes
    out), so the tests' apps share them; tests/documents/test_pool.py still stops and
    restarts the pool through its own references to the real functions."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render_pool, "shutdown_pool", lambda *, wait=True: None)
        yield
    _stop_render_pool()


_stop_render_pool = render_pool.shutdown_pool


#: Why the Playwright tests run in the SQLite pass only.
BROWSER_ONCE = (
    "browser tests run once, in the SQLite pass: what only a browser shows (scripts, CSP, "
    "focus, axe-core) cannot depend on the database, and the same pages, forms and queries "
    "run on PostgreSQL in the TestClient page tests; the whole-cycle journey runs in both"
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if not DB_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.nodb)
        if BACKEND == "postgresql" and _browser_once(item):
            item.add_marker(pytest.mark.skip(reason=BROWSER_ONCE))
    # The longest files first: xdist hands out whole files in this order, so a long file
    # started last would keep one worker busy while the other has finished.
    heavy = {item.path for item in items if _heavy(item)}
    items.sort(key=lambda item: item.path not in heavy)  # stable: files stay in order


def _browser_once(item: pytest.Item) -> bool:
    """A browser test skipped on PostgreSQL (BROWSER_ONCE), unless it is the one journey
    that must hold on both databases: the whole monthly cycle, web only."""
    return bool(item.get_closest_marker("browser")) and not item.get_closest_marker("every_backend")


#: Files of a minute or more (each test runs the whole API, or a real server).
HEAVY_FILES = (
    "security/test_schemathesis.py",
    "security/test_matrix.py",
    "security/test_write_matrix.py",
    "security/test_web_write_matrix.py",
    "security/test_canary.py",
    "security/test_signin_parallel.py",
    "demo/test_demo.py",
)


def _heavy(item: pytest.Item) -> bool:
    marked = any(item.get_closest_marker(name) for name in ("browser", "crash", "slow"))
    return marked or item.path.as_posix().endswith(HEAVY_FILES)


#: Lines that sub-suites print at the end of a run (their conftest.py or helpers keep them).
#: Under pytest-xdist the tests run in worker processes, whose terminal nobody sees: each
#: worker hands its lines to the controller, which prints them (pytest_terminal_summary).
FIGURES = {
    "riskpanel security figures": ("tests.security.conftest", "SUMMARY"),
    "riskpanel crash test figures": ("tests.crash.conftest", "SUMMARY"),
    AXE_CHECKS: ("tests.web.live", "CHECKED_PAGES"),
}
_FROM_WORKERS: dict[str, list[str]] = {}


def pytest_sessionfinish(session: pytest.Session) -> None:
    output = getattr(session.config, "workeroutput", None)
    if output is None:  # not an xdist worker
        return
    output["riskpanel_figures"] = {
        title: [str(line) for line in getattr(sys.modules.get(module), name, [])]
        for title, (module, name) in FIGURES.items()
    }


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """An xdist worker finished (controller side): keep its figures."""
    figures = getattr(node, "workeroutput", {}).get("riskpanel_figures", {})
    for title, lines in figures.items():
        _FROM_WORKERS.setdefault(title, []).extend(lines)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for title, lines in _FROM_WORKERS.items():
        if not lines:
            continue
        if title == AXE_CHECKS:
            terminalreporter.write_line(f"axe-core page checks: {len(lines)}")
            continue
        terminalreporter.section(title)
        for line in sorted(lines):
            terminalreporter.write_line(line)


def make_settings(database_url: str, owner_database_url: str, data_dir: Path) -> Settings:
    """Every test's settings: the same keys, so the world template's tokens and seals hold."""
    return Settings(
        environment="test",
        database_url=database_url,
        owner_database_url=owner_database_url,
        secret_key="test-secret-key-" + "x" * 32,
        data_dir=data_dir,
        # The shared world signs in with passwords only; tests/auth/mfa switches this on.
        mfa_required=False,
    )


def _checkpoint(path: Path) -> None:
    """Fold SQLite's write-ahead log into the file, so that a file copy has every row."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert (
        not path.with_name(path.name + "-wal").exists()
        or not path.with_name(path.name + "-wal").stat().st_size
    )


def _pg_url(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def runtime_url(owner_url: str) -> str:
    """The same database, as the runtime role (trust auth on 127.0.0.1: no password)."""
    if not owner_url.startswith("postgresql"):
        return owner_url
    return make_url(owner_url).set(username=RUNTIME_ROLE).render_as_string(hide_password=False)


def _grant_runtime_role(owner_url: str) -> None:
    """As `riskpanel db roles`; parallel runs may race to create the cluster-wide role."""
    for _ in range(3):
        try:
            dbroles.setup_roles(owner_url=owner_url, database_url=runtime_url(owner_url))
            return
        except (IntegrityError, ProgrammingError):
            continue
    dbroles.setup_roles(owner_url=owner_url, database_url=runtime_url(owner_url))


class TemplateDatabase:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.run_id = uuid.uuid4().hex[:8]
        self.created: list[str] = []
        self._admin: Engine | None = None
        self._to_drop: queue.Queue[str | None] = queue.Queue()
        self._dropper: threading.Thread | None = None
        if BACKEND == "postgresql":
            self._admin = create_engine(
                PG_ADMIN_URL,
                isolation_level="AUTOCOMMIT",
                connect_args={"options": "-c synchronous_commit=off"},
            )
            self.name = f"rp_tmpl_{self.run_id}"
            self._execute(f'CREATE DATABASE "{self.name}"')
            self.created.append(self.name)
            self.url = _pg_url(self.name)
        else:
            self.url = f"sqlite:///{workdir / 'template.db'}"
        migrate.upgrade(self.url)
        if BACKEND == "postgresql":
            _grant_runtime_role(self.url)
            # The test role (tests only) need not wait for each commit's flush to disk; that
            # wait was about 5 ms a commit here. Only a PostgreSQL crash could lose commits.
            self._alter_runtime_role("SET synchronous_commit = off")
        dispose_engines()
        self.world_ids = self._build_world_template()

    def _build_world_template(self) -> WorldIds:
        """A second template: the migrated one plus the shared `world`, built once per run
        (it was built again for each of about a thousand tests) and copied like the first."""
        if BACKEND == "postgresql":
            self.world_name = f"rp_world_{self.run_id}"
            self._execute(f'CREATE DATABASE "{self.world_name}" TEMPLATE "{self.name}"')
            self.created.append(self.world_name)
            url = _pg_url(self.world_name)
        else:
            shutil.copyfile(self.workdir / "template.db", self.workdir / "world.db")
            url = f"sqlite:///{self.workdir / 'world.db'}"
        settings = make_settings(runtime_url(url), url, self.workdir / "world-data")
        with Session(get_engine(settings), expire_on_commit=False) as session:
            ids = WorldIds.of(build_world(session, settings))
        dispose_engines()
        if BACKEND != "postgresql":
            _checkpoint(self.workdir / "world.db")
        return ids

    def _alter_runtime_role(self, setting: str) -> None:
        """Parallel workers may alter the one cluster-wide role at the same moment."""
        for attempt in range(3):
            try:
                self._execute(f'ALTER ROLE "{RUNTIME_ROLE}" {setting}')
                return
            except DBAPIError:
                if attempt == 2:
                    raise

    def _execute(self, sql: str) -> None:
        assert self._admin is not None
        with self._admin.connect() as conn:
            conn.execute(text(sql))

    def fresh_copy(self, tmp_path: Path, *, with_world: bool = False) -> str:
        """A new database: the migrated schema, and the shared `world` if asked for."""
        if BACKEND == "postgresql":
            name = f"rp_t_{self.run_id}_{uuid.uuid4().hex[:8]}"
            source = self.world_name if with_world else self.name
            self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
            self.created.append(name)
            return _pg_url(name)
        target = tmp_path / "riskpanel.db"
        shutil.copyfile(self.workdir / ("world.db" if with_world else "template.db"), target)
        return f"sqlite:///{target}"

    def drop(self, url: str) -> None:
        """Hand a used database to the dropper thread. PostgreSQL forces a checkpoint for
        every DROP DATABASE and waits for it: done in the test's teardown, that wait was the
        larger part of a short test's time on PostgreSQL; now the next test starts at once."""
        if self._admin is None:
            return
        if self._dropper is None:
            self._dropper = threading.Thread(target=self._drop_in_turn, daemon=True)
            self._dropper.start()
        self._to_drop.put(url.rsplit("/", 1)[1])

    def _drop_in_turn(self) -> None:
        while (name := self._to_drop.get()) is not None:
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self.created.remove(name)

    def close(self) -> None:
        if self._admin is None:
            return
        if self._dropper is not None:
            self._to_drop.put(None)
            self._dropper.join()
        for name in list(self.created):
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin.dispose()


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TemplateDatabase]:
    template = TemplateDatabase(tmp_path_factory.mktemp("template"))
    yield template
    template.close()


@pytest.fixture
def owner_database_url(
    template_database: TemplateDatabase, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """The test's own database, as the owner of its schema (postgres on PostgreSQL); a
    copy of the world template when the test (or one of its fixtures) uses `world`."""
    with_world = "world" in request.fixturenames
    url = template_database.fresh_copy(tmp_path, with_world=with_world)
    yield url
    dispose_engines()
    template_database.drop(url)


@pytest.fixture
def database_url(owner_database_url: str) -> str:
    """What the app connects with: the runtime role on PostgreSQL."""
    return runtime_url(owner_database_url)


@pytest.fixture
def settings(database_url: str, owner_database_url: str, tmp_path: Path) -> Settings:
    return make_settings(database_url, owner_database_url, tmp_path / "data")


@pytest.fixture
def engine(settings: Settings) -> Engine:
    return get_engine(settings)


@pytest.fixture
def session(settings: Settings) -> Iterator[Session]:
    """The test's own view of the database; it never holds SQLite's write lock while
    reading (WAL readers do not block the app's writers)."""
    own = make_engine(settings.database_url, begin_immediate=False)
    bind_settings(own, settings)  # events it writes are sealed with the app's audit key
    with Session(own, expire_on_commit=False) as s:
        yield s
    own.dispose()


@pytest.fixture
def owner_engine(settings: Settings) -> Iterator[Engine]:
    """The schema owner's connection: migrations, and tests playing a privileged attacker."""
    own = make_engine(settings.migration_url, begin_immediate=False)
    yield own
    own.dispose()


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """The command line against the test's database and secret (a module that needs more of
    the environment defines its own ``cli``)."""
    monkeypatch.setenv("RISKPANEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("RISKPANEL_SECRET_KEY", settings.secret_key)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


@pytest.fixture
def today() -> date:
    """Today, read when the test runs. A date computed at import (a module constant, a default
    argument, a parametrize list) goes stale when a run crosses midnight, and one run failed
    that way; tests/foundation/test_test_clock.py keeps such dates out of the suite."""
    return date.today()


@pytest.fixture
def now() -> datetime:
    """The time when the test runs (UTC), for the same reason as ``today``."""
    return datetime.now(UTC)
