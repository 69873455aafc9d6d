"""PostgreSQL roles: the schema's owner runs migrations, the app runs as a runtime role.

The runtime role owns nothing. On the access log it may only SELECT and INSERT, so the
application's own credentials cannot TRUNCATE, DROP, UPDATE or DELETE log rows, nor
disable the append-only triggers (only an owner may alter a table). Everywhere else it
has what the app needs: SELECT, INSERT, UPDATE and DELETE on ordinary tables and USAGE
on sequences (SELECT too, so `riskpanel backup` can run pg_dump as it). Granting is
idempotent and re-run after every `riskpanel db upgrade`, so new tables are covered.
"""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import sql
from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from riskpanel.db import make_engine

LOG_TABLES = ("audit_event", "audit_link")
READ_ONLY_TABLES = ("alembic_version",)


class RoleSetupError(RuntimeError):
    """The roles cannot be set up as asked; the message says what to do."""


@dataclass(frozen=True)
class RoleReport:
    runtime_role: str
    created: bool
    tables: int
    log_tables: int


def runtime_role(database_url: str) -> str | None:
    return make_url(database_url).username


def needs_grants(database_url: str, owner_url: str) -> bool:
    """Only PostgreSQL with two different roles has anything to grant."""
    if not database_url.startswith("postgresql"):
        return False
    return runtime_role(database_url) not in (None, runtime_role(owner_url))


def setup_roles(*, owner_url: str, database_url: str) -> RoleReport:
    """Create the runtime role if missing (needs CREATEROLE), then set its privileges."""
    role = runtime_role(database_url)
    if not needs_grants(database_url, owner_url) or role is None:
        raise RoleSetupError(
            "RISKPANEL_DATABASE_URL must name a PostgreSQL runtime role other than the owner "
            "of RISKPANEL_OWNER_DATABASE_URL"
        )
    engine = make_engine(owner_url)
    try:
        with engine.begin() as conn:
            created = _ensure_role(conn, role, make_url(database_url).password)
            _refuse_privileged(conn, role)
            tables = _grant(conn, role, make_url(database_url).database or "postgres")
    finally:
        engine.dispose()
    return RoleReport(role, created, tables, len(LOG_TABLES))


def _quoted(conn: Connection, composed: sql.Composable) -> str:
    raw = conn.connection.dbapi_connection
    return composed.as_string(raw)  # type: ignore[arg-type]


def _ensure_role(conn: Connection, role: str, password: str | None) -> bool:
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    if exists:
        return False
    statement = sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE").format(
        sql.Identifier(role)
    )
    if password:
        statement = sql.SQL("{} PASSWORD {}").format(statement, sql.Literal(password))
    conn.exec_driver_sql(_quoted(conn, statement))
    return True


def _refuse_privileged(conn: Connection, role: str) -> None:
    row = conn.execute(
        text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = :r"), {"r": role}
    ).scalar_one()
    owned = conn.execute(
        text(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = :r"
        ),
        {"r": role},
    ).scalar_one()
    if row or owned:
        raise RoleSetupError(
            f"role {role!r} is a superuser or owns tables: the runtime role must own nothing "
            "(run migrations with RISKPANEL_OWNER_DATABASE_URL)"
        )


def _grant(conn: Connection, role: str, database: str) -> int:
    who = sql.Identifier(role)
    tables = [
        name
        for (name,) in conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        )
    ]
    statements = [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), who),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(who),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(who),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(who),
    ]
    for table in tables:
        if table in LOG_TABLES:
            rights = "SELECT, INSERT"
        elif table in READ_ONLY_TABLES:
            rights = "SELECT"
        else:
            rights = "SELECT, INSERT, UPDATE, DELETE"
        statements.append(
            sql.SQL("GRANT {} ON TABLE {} TO {}").format(
                sql.SQL(rights), sql.Identifier("public", table), who
            )
        )
    for statement in statements:
        conn.exec_driver_sql(_quoted(conn, statement))
    return len(tables)
