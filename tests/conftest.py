"""Test databases are built by the migrations (never create_all).

One template database is migrated per run; each test that needs the database gets a fresh
copy of it (a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL), so tests
commit for real and stay isolated. RISKPANEL_TEST_BACKEND picks sqlite or postgresql.
Tests that never touch the database are marked `nodb` and run once (in the SQLite pass).

On PostgreSQL the template is migrated as the owner (postgres) and granted to a runtime
role, as `riskpanel db roles` does; the app and the test's `session` connect as that
runtime role, like a deployment. A test that plays an attacker with more rights, or does
what only the owner may, uses `owner_engine`.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, ProgrammingError
from sqlmodel import Session

from riskpanel import dbroles, migrate
from riskpanel.config import Settings
from riskpanel.db import bind_settings, dispose_engines, get_engine, make_engine
from tests.fixtures import World, app, client, world  # noqa: F401 - shared fixtures
from tests.web.helpers import browser  # noqa: F401 - page tests live beside their domains
from tests.web.live import chromium, site  # noqa: F401 - browser tests too

BACKEND = os.environ.get("RISKPANEL_TEST_BACKEND", "sqlite")
PG_ADMIN_URL = os.environ.get(
    "RISKPANEL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
RUNTIME_ROLE = "riskpanel_test_runtime"
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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if not DB_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.nodb)


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
        if BACKEND == "postgresql":
            self._admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            self.name = f"rp_tmpl_{self.run_id}"
            self._execute(f'CREATE DATABASE "{self.name}"')
            self.created.append(self.name)
            self.url = _pg_url(self.name)
        else:
            self.url = f"sqlite:///{workdir / 'template.db'}"
        migrate.upgrade(self.url)
        if BACKEND == "postgresql":
            _grant_runtime_role(self.url)
        dispose_engines()

    def _execute(self, sql: str) -> None:
        assert self._admin is not None
        with self._admin.connect() as conn:
            conn.execute(text(sql))

    def fresh_copy(self, tmp_path: Path) -> str:
        if BACKEND == "postgresql":
            name = f"rp_t_{self.run_id}_{uuid.uuid4().hex[:8]}"
            self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
            self.created.append(name)
            return _pg_url(name)
        target = tmp_path / "riskpanel.db"
        shutil.copyfile(self.workdir / "template.db", target)
        return f"sqlite:///{target}"

    def drop(self, url: str) -> None:
        if self._admin is None:
            return
        name = url.rsplit("/", 1)[1]
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.remove(name)

    def close(self) -> None:
        if self._admin is None:
            return
        for name in list(self.created):
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin.dispose()


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TemplateDatabase]:
    template = TemplateDatabase(tmp_path_factory.mktemp("template"))
    yield template
    template.close()


@pytest.fixture
def owner_database_url(template_database: TemplateDatabase, tmp_path: Path) -> Iterator[str]:
    """The test's own database, as the owner of its schema (postgres on PostgreSQL)."""
    url = template_database.fresh_copy(tmp_path)
    yield url
    dispose_engines()
    template_database.drop(url)


@pytest.fixture
def database_url(owner_database_url: str) -> str:
    """What the app connects with: the runtime role on PostgreSQL."""
    return runtime_url(owner_database_url)


@pytest.fixture
def settings(database_url: str, owner_database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        owner_database_url=owner_database_url,
        secret_key="test-secret-key-" + "x" * 32,
        data_dir=tmp_path / "data",
    )


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
