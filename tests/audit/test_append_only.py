"""The database itself refuses to change or remove access log rows, on both backends;
on PostgreSQL the app's runtime role may not even try (TRUNCATE, DROP, trigger changes)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from riskpanel.audit import chain
from tests.audit.conftest import write_events
from tests.conftest import BACKEND

pg_only = pytest.mark.skipif(BACKEND != "postgresql", reason="roles exist on PostgreSQL only")


def _counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        events = conn.execute(text("SELECT COUNT(*) FROM audit_event")).scalar_one()
        links = conn.execute(text("SELECT COUNT(*) FROM audit_link")).scalar_one()
    return events, links


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET purpose = 'screening'",
        "DELETE FROM audit_event",
        "UPDATE audit_link SET hash = 'x'",
        "DELETE FROM audit_link",
    ],
)
def test_triggers_refuse_update_and_delete_even_for_the_owner(
    owner_engine: Engine, session: Session, statement: str
) -> None:
    write_events(session, 2)
    chain.seal(session=session, grace=timedelta(0))
    session.commit()
    with pytest.raises(DBAPIError, match="append-only"), owner_engine.begin() as conn:
        conn.execute(text(statement))
    assert _counts(owner_engine) == (2, 2)


@pg_only
@pytest.mark.parametrize("table", ["audit_event", "audit_link"])
def test_a_trigger_refuses_truncate_even_for_the_owner(
    owner_engine: Engine, session: Session, table: str
) -> None:
    write_events(session, 2)
    chain.seal(session=session, grace=timedelta(0))
    session.commit()
    with pytest.raises(DBAPIError, match="append-only"), owner_engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {table} CASCADE"))
    assert _counts(owner_engine) == (2, 2)


@pg_only
@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE audit_event",
        "TRUNCATE audit_link",
        "DELETE FROM audit_event",
        "UPDATE audit_event SET purpose = 'screening'",
        "DELETE FROM audit_link",
        "UPDATE audit_link SET hash = 'x'",
        "DROP TABLE audit_event",
        "DROP TABLE audit_link",
        "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only",
        "DROP TRIGGER audit_link_append_only ON audit_link",
        "ALTER TABLE audit_event ADD COLUMN note text",
        "CREATE TABLE audit_event_copy (id int)",
    ],
)
def test_the_runtime_role_cannot_empty_or_change_the_log(
    engine: Engine, owner_engine: Engine, session: Session, statement: str
) -> None:
    write_events(session, 2)
    chain.seal(session=session, grace=timedelta(0))
    session.commit()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT current_user")).scalar_one() == "riskpanel_test_runtime"
    with pytest.raises(DBAPIError, match=r"permission denied|must be owner"), engine.begin() as c:
        c.execute(text(statement))
    assert _counts(owner_engine) == (2, 2)


def test_inserting_is_allowed(engine: Engine, session: Session) -> None:
    write_events(session, 3)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM audit_event")).scalar_one() == 3
