"""PostgreSQL connections are pinged on checkout only after lying idle (riskpanel.db)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import QueuePool

from riskpanel.db import ping_when_idle
from tests.conftest import BACKEND, PG_ADMIN_URL

pytestmark = pytest.mark.skipif(BACKEND != "postgresql", reason="SQLite has no server")


@pytest.fixture
def admin() -> Iterator[Engine]:
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def _pooled(idle_seconds: float) -> Engine:
    engine = create_engine(PG_ADMIN_URL, poolclass=QueuePool, pool_size=1, max_overflow=0)
    ping_when_idle(engine, idle_seconds)
    return engine


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _kill(admin: Engine, pid: int) -> None:
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


def test_an_idle_dead_connection_is_replaced_before_use(admin: Engine) -> None:
    engine = _pooled(idle_seconds=0)  # every returned connection counts as idle
    try:
        pid = _backend_pid(engine)
        _kill(admin, pid)
        assert _backend_pid(engine) != pid  # pinged, found dead, a new one handed out
    finally:
        engine.dispose()


def test_a_connection_just_returned_is_not_pinged(admin: Engine) -> None:
    engine = _pooled(idle_seconds=3600)
    try:
        pid = _backend_pid(engine)
        _kill(admin, pid)
        with pytest.raises(OperationalError):  # no ping: the request finds it dead
            _backend_pid(engine)
        assert _backend_pid(engine) != pid  # and the pool has dropped it for the next one
    finally:
        engine.dispose()
