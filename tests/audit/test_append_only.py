"""The database itself refuses to change or remove access log rows, on both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from riskpanel.audit import chain
from tests.audit.conftest import write_events


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET purpose = 'screening'",
        "DELETE FROM audit_event",
        "UPDATE audit_link SET hash = 'x'",
        "DELETE FROM audit_link",
    ],
)
def test_triggers_refuse_update_and_delete(
    engine: Engine, session: Session, statement: str
) -> None:
    write_events(session, 2)
    chain.seal(session=session, grace=timedelta(0))
    session.commit()
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM audit_event")).scalar_one() == 2
        assert conn.execute(text("SELECT COUNT(*) FROM audit_link")).scalar_one() == 2


def test_inserting_is_allowed(engine: Engine, session: Session) -> None:
    write_events(session, 3)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM audit_event")).scalar_one() == 3
