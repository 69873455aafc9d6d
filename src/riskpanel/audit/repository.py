"""Searching the access log for auditors: filters, newest first, keyset pages on id.

Each search is itself logged (the auditor consulted the log), so reading the log leaves
the same trail as reading a case.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from riskpanel.audit.service import record
from riskpanel.kit.errors import InvalidInput
from riskpanel.kit.pagination import decode_cursor, encode_cursor
from riskpanel.kit.principal import Principal
from riskpanel.models import Agency, AuditEvent, Case, User
from riskpanel.models.enums import AuditAction


@dataclass(frozen=True)
class AuditFilter:
    person_id: int | None = None
    case_id: int | None = None
    user_id: int | None = None
    agency_id: int | None = None
    from_: datetime | None = None
    to: datetime | None = None
    action: AuditAction | None = None

    def as_detail(self) -> dict[str, Any]:
        """Ids and times only, for the log entry that records this search."""
        return {
            key.rstrip("_"): _plain(value)
            for key, value in asdict(self).items()
            if value is not None
        }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, AuditAction):
        return value.value
    return value


def as_utc(value: datetime | None, field: str) -> datetime | None:
    """Times without a zone are read as UTC; impossible ones are refused, not crashed on."""
    if value is None:
        return None
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise InvalidInput.field(field, "is outside the range of dates riskpanel keeps") from None


def search(
    *, session: Session, filters: AuditFilter, limit: int, cursor: str | None
) -> tuple[list[AuditEvent], str | None]:
    query = select(AuditEvent)
    columns = {
        "person_id": AuditEvent.person_id,
        "case_id": AuditEvent.case_id,
        "user_id": AuditEvent.actor_user_id,
        "agency_id": AuditEvent.actor_agency_id,
    }
    for name, column in columns.items():
        value = getattr(filters, name)
        if value is not None:
            query = query.where(column == value)
    if filters.action is not None:
        query = query.where(AuditEvent.action == filters.action.value)
    start, end = as_utc(filters.from_, "from"), as_utc(filters.to, "to")
    if start is not None:
        query = query.where(col(AuditEvent.at) >= start)
    if end is not None:
        query = query.where(col(AuditEvent.at) < end)
    before = decode_cursor(cursor)
    if before is not None:
        query = query.where(col(AuditEvent.id) < before)
    rows = list(session.exec(query.order_by(col(AuditEvent.id).desc()).limit(limit + 1)).all())
    page = rows[:limit]
    more = len(rows) > limit and bool(page)
    return page, encode_cursor(page[-1].id or 0) if more else None


def log_search(
    *,
    session: Session,
    principal: Principal,
    filters: AuditFilter,
    rows: list[AuditEvent],
    exported: str | None = None,
) -> None:
    """A search is a consultation; an export is a disclosure to whoever downloads it."""
    record(
        session=session,
        principal=principal,
        action=AuditAction.DISCLOSURE if exported else AuditAction.CONSULTATION,
        subject_type="audit_log",
        purpose="audit",
        fields=["audit_event"],
        recipients=[principal.label] if exported else [],
        detail={
            "filters": filters.as_detail(),
            "rows": len(rows),
            "first_id": rows[0].id if rows else None,
            "last_id": rows[-1].id if rows else None,
            **({"format": exported} if exported else {}),
        },
    )


def logged_search(
    *,
    session: Session,
    principal: Principal,
    filters: AuditFilter,
    limit: int,
    cursor: str | None,
    exported: str | None = None,
) -> tuple[list[AuditEvent], str | None]:
    """One page of the log, the search itself logged and committed."""
    rows, next_cursor = search(session=session, filters=filters, limit=limit, cursor=cursor)
    log_search(session=session, principal=principal, filters=filters, rows=rows, exported=exported)
    session.commit()
    return rows, next_cursor


def case_id_for_reference(session: Session, reference: str) -> int | None:
    """The case an auditor names by its reference (any letter case), if there is one."""
    ref = func.upper(col(Case.reference)) == reference.strip().upper()
    return session.exec(select(Case.id).where(ref)).first()


def user_id_for_email(session: Session, email: str) -> int | None:
    """The account an auditor names by its email address (any letter case)."""
    match = func.lower(col(User.email)) == email.strip().lower()
    return session.exec(select(User.id).where(match)).first()


def agency_choices(session: Session) -> list[tuple[int, str]]:
    """Every agency by name, for the search's agency list."""
    rows = session.exec(select(Agency.id, Agency.name).order_by(col(Agency.name))).all()
    return [(i, name) for i, name in rows if i is not None]


@dataclass(frozen=True)
class EventNames:
    """What the log's ids stand for, so results read "Sam Carter (sam@...)", "Test Police"
    and "HC-2026-0042" rather than "User 14", "agency:1" and "case 3"."""

    users: dict[int, tuple[str, str]]
    agencies: dict[int, str]
    cases: dict[int, str]

    def user(self, user_id: int | None) -> str | None:
        found = self.users.get(user_id or 0)
        return f"{found[0]} ({found[1]})" if found else None

    def recipient(self, raw: str) -> str:
        kind, _, value = raw.partition(":")
        if kind == "agency" and value.isdigit():
            return self.agencies.get(int(value), raw)
        if kind == "user" and value.isdigit():
            return self.user(int(value)) or raw
        return raw

    def subject(self, event: AuditEvent) -> str | None:
        """The subject's name, when it is a user, an agency or a case; None otherwise."""
        sid = event.subject_id
        if sid is None or not sid.isdigit():
            return None
        named = {
            "user": self.user(int(sid)),
            "agency": self.agencies.get(int(sid)),
            "case": self.cases.get(int(sid)),
        }
        return named.get(event.subject_type)


def names_for(session: Session, rows: list[AuditEvent]) -> EventNames:
    """The names behind one page of events, in three queries."""
    user_ids = {e.actor_user_id for e in rows if e.actor_user_id}
    agency_ids = {e.actor_agency_id for e in rows if e.actor_agency_id}
    case_ids = {e.case_id for e in rows if e.case_id}
    for e in rows:
        if e.subject_id and e.subject_id.isdigit() and len(e.subject_id) < 10:
            bucket = {"user": user_ids, "agency": agency_ids, "case": case_ids}
            bucket.get(e.subject_type, set()).add(int(e.subject_id))
        for raw in e.recipients:
            kind, _, value = raw.partition(":")
            if kind in ("agency", "user") and value.isdigit() and len(value) < 10:
                (agency_ids if kind == "agency" else user_ids).add(int(value))
    users = session.exec(
        select(User.id, User.display_name, User.email).where(col(User.id).in_(user_ids))
    ).all()
    agencies = session.exec(
        select(Agency.id, Agency.name).where(col(Agency.id).in_(agency_ids))
    ).all()
    cases = session.exec(select(Case.id, Case.reference).where(col(Case.id).in_(case_ids))).all()
    return EventNames(
        users={i: (n, m) for i, n, m in users if i is not None},
        agencies={i: n for i, n in agencies if i is not None},
        cases={i: r for i, r in cases if i is not None},
    )
