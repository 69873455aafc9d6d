"""Migration 0007 seals a log written by an earlier riskpanel, but never a broken one."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session

from riskpanel import migrate
from riskpanel.audit import chain
from riskpanel.config import Settings, get_settings
from riskpanel.db import bind_settings
from riskpanel.models import AuditEvent, utcnow

CONTENT = {
    "action": "consultation",
    "purpose": "case_management",
    "actor_user_id": 7,
    "actor_credential_id": None,
    "actor_agency_id": 3,
    "actor_role": "agency",
    "actor_label": "Test Officer",
    "subject_type": "case",
    "case_id": 101,
    "person_id": 201,
    "fields": ["narrative"],
    "recipients": [],
    "detail": {"why": "weekly review"},
    "request_id": "req-1",
}
OLD_EVENT = sa.table(
    "audit_event",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("subject_id", sa.String),
    *(sa.column(n, sa.JSON) for n in ("fields", "recipients", "detail")),
    *(sa.column(n) for n in CONTENT if n not in ("fields", "recipients", "detail")),
)
OLD_LINK = sa.table(
    "audit_link", *(sa.column(n) for n in ("seq", "event_id", "prev_hash", "hash", "sealed_at"))
)


@pytest.fixture
def at_0003(
    owner_database_url: str, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The database as an earlier riskpanel left it; migrations see the app's audit key."""
    monkeypatch.setenv("RISKPANEL_SECRET_KEY", settings.secret_key)
    get_settings.cache_clear()
    migrate.downgrade(owner_database_url, "0003")
    yield owner_database_url
    get_settings.cache_clear()


def _old_log(engine: Engine, events: int, sealed: int, break_link: int | None = None) -> None:
    """Events and an unkeyed chain, exactly as riskpanel wrote them before 0007."""
    prev = chain.GENESIS
    with engine.begin() as conn:
        for n in range(1, events + 1):
            at = utcnow() - timedelta(minutes=10 - n)
            stored = at if conn.dialect.name != "sqlite" else at.replace(tzinfo=None)
            conn.execute(OLD_EVENT.insert().values(id=n, at=stored, subject_id=str(n), **CONTENT))
            if n > sealed:
                continue
            event = AuditEvent(id=n, at=at, subject_id=str(n), **CONTENT)  # type: ignore[arg-type]
            digest = hashlib.sha256(prev.encode() + chain.canonical(event)).hexdigest()
            if n == break_link:
                digest = "f" * 64
            conn.execute(
                OLD_LINK.insert().values(
                    seq=n, event_id=n, prev_hash=prev, hash=digest, sealed_at=stored
                )
            )
            prev = digest


def test_an_intact_old_log_is_sealed_and_verifies_under_the_key(
    at_0003: str, owner_engine: Engine, settings: Settings
) -> None:
    _old_log(owner_engine, events=4, sealed=3)
    migrate.upgrade(at_0003)
    bind_settings(owner_engine, settings)
    with Session(owner_engine) as session:
        report = chain.verify(session=session)
        assert report.ok, report.problems
        assert (report.checked, report.unsealed) == (3, 1)
        assert chain.seal(session=session, grace=timedelta(0)) == 1
        session.commit()
        assert chain.verify(session=session).ok
    migrate.downgrade(at_0003, "0003")  # and back: the unkeyed chain again
    with owner_engine.connect() as conn:
        links = conn.execute(sa.select(OLD_LINK).order_by(sa.text("seq"))).all()
    assert len(links) == 4 and links[0].prev_hash == chain.GENESIS


def test_a_broken_old_log_stops_the_upgrade(at_0003: str, owner_engine: Engine) -> None:
    _old_log(owner_engine, events=3, sealed=3, break_link=2)
    with pytest.raises(RuntimeError, match="chain is broken at link 2"):
        migrate.upgrade(at_0003)
    assert migrate.current_revision(at_0003) == "0003"
