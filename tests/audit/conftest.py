"""Access log test helpers: events written straight through the audit service."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session
from typer.testing import CliRunner

from riskpanel.audit.service import record
from riskpanel.config import Settings, get_settings
from riskpanel.kit.principal import Principal
from riskpanel.models.enums import AuditAction

APPEND_ONLY = ("audit_event", "audit_link")
OFFICER = Principal(role="agency", label="Test Officer", user_id=7, agency_id=3)


def write_events(session: Session, count: int, **fields: object) -> list[int]:
    """The new events' ids."""
    ids = [
        record(
            session=session,
            principal=OFFICER,
            action=AuditAction.CONSULTATION,
            subject_type="case",
            subject_id=100 + i,
            case_id=100 + i,
            person_id=200 + i,
            purpose="case_management",
            fields=["narrative"],
            **fields,  # type: ignore[arg-type]
        )
        for i in range(count)
    ]
    session.commit()
    return ids


def drop_append_only_triggers(engine: Engine) -> None:
    """Tamper tests play the attacker with database rights: first the triggers go."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            for table in APPEND_ONLY:
                conn.execute(text(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}"))
            return
        for table in APPEND_ONLY:
            for verb in ("update", "delete"):
                conn.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{verb}"))


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("RISKPANEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("RISKPANEL_OWNER_DATABASE_URL", settings.migration_url)
    monkeypatch.setenv("RISKPANEL_SECRET_KEY", settings.secret_key)
    monkeypatch.setenv("RISKPANEL_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()
